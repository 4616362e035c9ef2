package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.PollRun;
import io.omniqueue.channel.PollingSettings;
import io.omniqueue.channel.SourceException;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.PageIngest;
import io.omniqueue.conversation.ThreadLookup;
import io.omniqueue.quarantine.Quarantine;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(EbayPoller.class);

    private final ChannelRegistry channels;
    private final ChannelCursorStore cursors;
    private final EbayClient client;
    private final EbayConversationMapper mapper;
    private final ThreadLookup threads;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;
    private final PollRun pollRun;
    private final PollingSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    EbayPoller(ChannelRegistry channels, ChannelCursorStore cursors, EbayClient client, EbayConversationMapper mapper,
               ThreadLookup threads, PageIngest pageIngest, Quarantine quarantine, PollRun pollRun,
               PollingSettings settings, ObjectMapper json, Clock clock) {
        this.channels = channels;
        this.cursors = cursors;
        this.client = client;
        this.mapper = mapper;
        this.threads = threads;
        this.pageIngest = pageIngest;
        this.quarantine = quarantine;
        this.pollRun = pollRun;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    public void poll(String channelId) {
        Channel channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalArgumentException("channel '" + channelId + "' is not configured"));
        pollRun.run(channel, cursor -> readPages(channel, cursor));
    }

    private void readPages(Channel channel, ChannelCursor cursor) {
        int limit = channel.settings(EbaySettings.class).pageSizeOrDefault();
        int offset = resumeOffset(cursor, limit);
        Instant watermark = cursor.runWatermark();
        Instant previous = cursor.position() == null ? null : Instant.parse(cursor.position());
        EbaySettings own = channel.settings(EbaySettings.class);
        Instant since = previous == null ? clock.instant().minus(own.initialLookbackOrDefault())
                : previous.minus(own.pollOverlapOrDefault());
        for (int page = 0; page < settings.maxPagesPerRun(); page++) {
            JsonNode result;
            try {
                result = client.conversations(channel, since, limit, offset);
            } catch (SourceException.Refused refused) {
                if (offset == 0) {
                    throw refused;
                }
                // An offset eBay no longer takes (the list shrank): start the run again from its first page.
                log.warn("Channel {}: page at offset {} refused ({}); restarting the run", channel.id(), offset,
                        refused.getMessage());
                cursors.pageDone(channel.id(), null, watermark, clock.instant());
                return;
            }
            for (JsonNode summary : result.path("conversations")) {
                Instant latest = latestMessageAt(summary);
                if (latest != null && (watermark == null || latest.isAfter(watermark))) {
                    watermark = latest;
                }
            }
            pageIngest.readAndStore(result.path("conversations"),
                    summary -> read(channel, summary, latestMessageAt(summary), previous));
            if (!result.hasNonNull("next")) {
                cursors.runDone(channel.id(), watermark == null ? cursor.position() : watermark.toString(), clock.instant());
                return;
            }
            offset += limit;
            cursors.pageDone(channel.id(), String.valueOf(offset), watermark, clock.instant());
        }
    }

    /** The offset of the page a stopped run had not finished; a page size changed since restarts the run. */
    private static int resumeOffset(ChannelCursor cursor, int limit) {
        if (cursor.pageToken() == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(cursor.pageToken());
            return offset >= 0 && offset % limit == 0 ? offset : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Reads a listed conversation whole, unless the overlap listed it again unchanged: its latest
     * message is no newer than the last complete run and already stored (messages are stored
     * oldest first, so the newest stored means all of it is). A reply of ours that eBay lists
     * as latest is newer than the last run, so a buyer message written just before it is not missed.
     */
    private List<InboundMessage> read(Channel channel, JsonNode summary, Instant latest, Instant previous) {
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
        String value = EbayConversationMapper.text(summary.path("latestMessage"), "createdDate");
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
