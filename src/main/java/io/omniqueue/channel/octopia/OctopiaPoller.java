package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.PollRun;
import io.omniqueue.channel.PollingSettings;
import io.omniqueue.channel.SourceException;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.PageIngest;
import io.omniqueue.quarantine.Quarantine;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One poll of one Octopia channel (called by the {@code poll-<channelId>} route): lists the open
 * discussions updated since the cursor page by page, reads each one whole and stores the page's
 * messages together ({@link PageIngest}); the next page's token is committed only after a page is stored.
 * A crash, a restart or a 429 mid-run resumes at the page not finished; dedupe absorbs repeats.
 */
@Component("octopiaPoller")
public class OctopiaPoller {

    static final String QUARANTINE_SOURCE = "octopia-discussion";
    private static final Logger log = LoggerFactory.getLogger(OctopiaPoller.class);

    private final ChannelRegistry channels;
    private final ChannelCursorStore cursors;
    private final OctopiaClient client;
    private final OctopiaDiscussionMapper mapper;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;
    private final PollRun pollRun;
    private final PollingSettings settings;
    private final Clock clock;

    OctopiaPoller(ChannelRegistry channels, ChannelCursorStore cursors, OctopiaClient client, OctopiaDiscussionMapper mapper,
                  PageIngest pageIngest, Quarantine quarantine, PollRun pollRun, PollingSettings settings, Clock clock) {
        this.channels = channels;
        this.cursors = cursors;
        this.client = client;
        this.mapper = mapper;
        this.pageIngest = pageIngest;
        this.quarantine = quarantine;
        this.pollRun = pollRun;
        this.settings = settings;
        this.clock = clock;
    }

    public void poll(String channelId) {
        Channel channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalArgumentException("channel '" + channelId + "' is not configured"));
        pollRun.run(channel, cursor -> readPages(channel, cursor));
    }

    private void readPages(Channel channel, ChannelCursor cursor) {
        OctopiaSettings octopia = channel.settings(OctopiaSettings.class);
        String token = cursor.pageToken();
        Instant watermark = cursor.runWatermark();
        for (int page = 0; page < settings.maxPagesPerRun(); page++) {
            Map<String, String> query = token == null ? OctopiaPage.first(octopia, since(octopia, cursor), clock)
                    : OctopiaPage.fromToken(token);
            OctopiaClient.Page result;
            try {
                result = client.discussions(channel, query);
            } catch (SourceException.Refused refused) {
                if (token == null) {
                    throw refused;
                }
                // A page of a run begun long ago (its updatedAtMin now outside the six-month window):
                // start the run again from the last complete position rather than retry it forever.
                log.warn("Channel {}: page refused ({}); restarting the run", channel.id(), refused.getMessage());
                cursors.pageDone(channel.id(), null, watermark, clock.instant());
                return;
            }
            JsonNode items = items(result.json());
            for (JsonNode item : items) {
                Instant updated = OctopiaDiscussionMapper.updatedAt(item);
                if (updated != null && (watermark == null || updated.isAfter(watermark))) {
                    watermark = updated;
                }
            }
            pageIngest.readAndStore(items, item -> read(channel, item));
            String next = OctopiaPage.next(query, result.link(), items.size());
            if (next == null) {
                cursors.runDone(channel.id(), watermark == null ? cursor.position() : watermark.toString(), clock.instant());
                return;
            }
            cursors.pageDone(channel.id(), next, watermark, clock.instant());
            token = next;
        }
    }

    /** The envelope {@code {"itemsPerPage", "items":[…]}} [U]; some clients read a bare array, so that is taken too. */
    private static JsonNode items(JsonNode page) {
        return page.isArray() ? page : page.path("items");
    }

    private static Instant since(OctopiaSettings settings, ChannelCursor cursor) {
        return cursor.position() == null ? null : Instant.parse(cursor.position()).minus(settings.pollOverlapOrDefault());
    }

    /** The discussion's messages, or none when it is malformed (then it is quarantined). */
    private List<InboundMessage> read(Channel channel, JsonNode item) {
        String id = OctopiaDiscussionMapper.text(item, "discussionId");
        JsonNode whole = item;
        try {
            if (id == null) {
                throw new MalformedDiscussionException("a listed discussion has no discussionId");
            }
            // The list carries at most the first or last message: the discussion is read whole.
            whole = client.discussion(channel, id);
            return mapper.map(channel, whole);
        } catch (MalformedDiscussionException e) {
            quarantine.rejectedPayload(channel.id(), QUARANTINE_SOURCE, whole.toString(), e.getMessage());
            return List.of();
        }
    }
}
