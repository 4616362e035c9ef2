package io.omniqueue.sandbox.mirakl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A seek cursor: the filter of the paging run plus the sort key of the thread at the page edge. Keeping the key
 * rather than an offset or server-side state lets a token survive inbox changes and client
 * restarts, like Mirakl's own tokens.
 *
 * @param backwards true for a previous_page_token: the page holds the threads just before the key
 * @param page      the 1-based number of the page this token leads to within its paging run (used by failOnPage)
 */
record PageToken(ThreadQuery query, long updatedMillis, String threadId, boolean backwards, int page) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    static PageToken after(ThreadQuery query, InboxThread last, int page) {
        return new PageToken(query, last.updated().toEpochMilli(), last.id(), false, page);
    }

    static PageToken before(ThreadQuery query, InboxThread first, int page) {
        return new PageToken(query, first.updated().toEpochMilli(), first.id(), true, page);
    }

    /** Negative when the thread sorts before the token's edge in M11's order (see InboxThread.LISTING_ORDER). */
    int compareWithEdge(InboxThread thread) {
        int byDateDescending = Long.compare(updatedMillis, thread.updated().toEpochMilli());
        return byDateDescending != 0 ? byDateDescending : thread.id().compareTo(threadId);
    }

    String encode() {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsBytes(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode page token " + this, e);
        }
    }

    static PageToken decode(String token) {
        PageToken decoded;
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.trim());
            decoded = MAPPER.readValue(new String(json, StandardCharsets.UTF_8), PageToken.class);
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidPageTokenException(e);
        }
        if (decoded == null || decoded.query() == null || decoded.threadId() == null || decoded.page() < 1) {
            throw new InvalidPageTokenException(null);
        }
        return decoded;
    }

    /** The token is not one this simulator issued. */
    static final class InvalidPageTokenException extends RuntimeException {
        InvalidPageTokenException(Throwable cause) {
            super("Invalid page_token", cause);
        }
    }
}
