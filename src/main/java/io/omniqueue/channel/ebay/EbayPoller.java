package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.JsonFields;
import io.omniqueue.channel.PagedPoll;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.PageIngest;
import io.omniqueue.conversation.ThreadLookup;
import io.omniqueue.quarantine.Quarantine;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One poll of one eBay channel (called by the {@code poll-<channelId>} route): getConversations
 * (members' conversations with a message since the cursor, less an overlap; the first poll of a
 * channel reads back {@code initial-lookback}) page by page, with
 * limit and an offset that is a multiple of it, until eBay gives no {@code next}; each changed
 * conversation is read whole with getConversation (paged the same way) and the page's messages
 * are stored together ({@link PageIngest}). The next offset is committed only after the page's messages are
 * stored, so a restart, a 429 or a 5xx mid-run resumes at the page not finished; dedupe absorbs
 * what is read twice.
 */
@Component("ebayPoller")
public class EbayPoller {

    static final String QUARANTINE_SOURCE = "ebay-conversation";
    // A conversation longer than this many pages is a loop, not a conversation.
    private static final int MAX_MESSAGE_PAGES = 200;

    private final PagedPoll paging;
    private final EbayClient client;
    private final EbayConversationMapper mapper;
    private final ThreadLookup threads;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;
    private final ObjectMapper json;
    private final Clock clock;

    EbayPoller(PagedPoll paging, EbayClient client, EbayConversationMapper mapper, ThreadLookup threads,
               PageIngest pageIngest, Quarantine quarantine, ObjectMapper json, Clock clock) {
        this.paging = paging;
        this.client = client;
        this.mapper = mapper;
        this.threads = threads;
        this.pageIngest = pageIngest;
        this.quarantine = quarantine;
        this.json = json;
        this.clock = clock;
    }

    public void poll(String channelId) {
        paging.poll(channelId, Run::new);
    }

    /**
     * One run: the time it lists from is set once, at its start; the page token is the offset. An
     * offset eBay no longer takes (the list shrank) restarts the run from its first page.
     */
    private final class Run implements PagedPoll.Run {

        private final Channel channel;
        private final int limit;
        private final Instant previous;
        private final Instant since;

        Run(Channel channel, ChannelCursor cursor) {
            EbaySettings own = channel.settings(EbaySettings.class);
            this.channel = channel;
            this.limit = own.pageSizeOrDefault();
            this.previous = cursor.position() == null ? null : Instant.parse(cursor.position());
            this.since = previous == null ? clock.instant().minus(own.initialLookbackOrDefault())
                    : previous.minus(own.pollOverlapOrDefault());
        }

        @Override
        public PagedPoll.Page read(String token) {
            int offset = token == null ? 0 : Integer.parseInt(token);
            JsonNode result = client.conversations(channel, since, limit, offset);
            JsonNode listed = result.path("conversations");
            return PagedPoll.Page.of(listed, EbayPoller::latestMessageAt,
                    result.hasNonNull("next") ? String.valueOf(offset + limit) : null,
                    () -> pageIngest.readAndStore(listed,
                            summary -> readConversation(channel, summary, latestMessageAt(summary), previous)));
        }

        /** The offset of the page a stopped run had not finished; a page size changed since restarts the run. */
        @Override
        public String resume(String pageToken) {
            if (pageToken == null) {
                return null;
            }
            try {
                int offset = Integer.parseInt(pageToken);
                return offset > 0 && offset % limit == 0 ? String.valueOf(offset) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * Reads a listed conversation whole, unless the overlap listed it again unchanged: its latest
     * message is no newer than the last complete run and already stored (messages are stored
     * oldest first, so the newest stored means all of it is). A reply of ours that eBay lists
     * as latest is newer than the last run, so a buyer message written just before it is not missed.
     */
    private List<InboundMessage> readConversation(Channel channel, JsonNode summary, Instant latest, Instant previous) {
        String conversationId = EbayConversationMapper.text(summary, "conversationId");
        if (conversationId == null) {
            quarantine.rejectedPayload(channel.id(), QUARANTINE_SOURCE, summary.toString(), "conversation has no conversationId");
            return List.of();
        }
        String latestId = EbayConversationMapper.text(summary.path("latestMessage"), "messageId");
        if (latest != null && previous != null && !latest.isAfter(previous) && latestId != null
                && threads.threadOfMessage(channel.id(), latestId).isPresent()) {
            return List.of();
        }
        ObjectNode whole = whole(channel, summary, conversationId);
        try {
            return mapper.map(channel, whole);
        } catch (MalformedConversationException e) {
            quarantine.rejectedPayload(channel.id(), QUARANTINE_SOURCE, whole.toString(), e.getMessage());
            return List.of();
        }
    }

    /** The conversation's fields from the list and every message from getConversation, page by page. */
    private ObjectNode whole(Channel channel, JsonNode summary, String conversationId) {
        int limit = channel.settings(EbaySettings.class).pageSizeOrDefault();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        ObjectNode whole = json.createObjectNode();
        whole.put("conversationId", conversationId);
        whole.put("conversationTitle", EbayConversationMapper.text(summary, "conversationTitle"));
        whole.put("referenceId", EbayConversationMapper.text(summary, "referenceId"));
        whole.put("referenceType", EbayConversationMapper.text(summary, "referenceType"));
        ArrayNode unnamed = json.createArrayNode();
        for (int page = 0, offset = 0; page < MAX_MESSAGE_PAGES; page++, offset += limit) {
            JsonNode result = client.conversation(channel, conversationId, limit, offset);
            if (whole.path("conversationTitle").isNull() && result.hasNonNull("conversationTitle")) {
                whole.put("conversationTitle", result.get("conversationTitle").asText());
            }
            // A message written while we page pushes the others down one place: the same message
            // may come twice, none is skipped.
            for (JsonNode message : result.path("messages")) {
                String id = EbayConversationMapper.text(message, "messageId");
                if (id == null) {
                    unnamed.add(message);
                } else {
                    byId.putIfAbsent(id, message);
                }
            }
            if (!result.hasNonNull("next")) {
                break;
            }
        }
        ArrayNode messages = whole.putArray("messages");
        byId.values().forEach(messages::add);
        messages.addAll(unnamed);
        return whole;
    }

    private static Instant latestMessageAt(JsonNode summary) {
        return JsonFields.instantOrNull(summary.path("latestMessage"), "createdDate");
    }
}
