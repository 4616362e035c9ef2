package io.omniqueue.channel;

import java.time.Instant;

/** How a delivery attempt ended. */
public sealed interface SendOutcome {

    /**
     * How an attempt that failed with {@code failure} ends: a 429 waits for its Retry-After, a
     * refusal is final, anything else (unavailable, credentials being fixed) waits in the outbox;
     * {@code sendMarker} (or null) is kept for the next attempt.
     */
    static SendOutcome failed(SourceException failure, String sendMarker) {
        if (failure instanceof SourceException.RateLimited limited) {
            return new RetryLater(limited.getMessage(), limited.retryAt(), sendMarker);
        }
        if (failure instanceof SourceException.Refused) {
            return new Rejected(failure.getMessage());
        }
        return new RetryLater(failure.getMessage(), null, sendMarker);
    }

    /** Accepted by the destination; {@code externalMessageId} is its id for the message, if it gave one. */
    record Sent(String externalMessageId) implements SendOutcome {
    }

    /**
     * Not delivered, worth trying again; {@code notBefore} is the destination's Retry-After, or
     * null; {@code sendMarker} is kept for the next attempt (see {@link OutgoingReply#sendMarker()}).
     */
    record RetryLater(String reason, Instant notBefore, String sendMarker) implements SendOutcome {

        public RetryLater(String reason, Instant notBefore) {
            this(reason, notBefore, null);
        }
    }

    /** Refused for good (a 4xx other than 408/425/429): retrying would give the same answer. */
    record Rejected(String reason) implements SendOutcome {
    }
}
