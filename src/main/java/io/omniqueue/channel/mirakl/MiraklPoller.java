package io.omniqueue.channel.mirakl;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One poll of one Mirakl channel (called by the {@code poll-<channelId>} route): reads M11 page
 * by page from the cursor, stores each page's messages together ({@link PageIngest}), and commits
 * the next page token only after the page's messages are stored. A crash, a restart or a 429
 * mid-run resumes at the page that was not finished; dedupe absorbs what is read twice.
 */
@Component("miraklPoller")
public class MiraklPoller {

    static final String QUARANTINE_SOURCE = "mirakl-thread";
    private static final Logger log = LoggerFactory.getLogger(MiraklPoller.class);

    private final ChannelRegistry channels;
    private final ChannelCursorStore cursors;
    private final MiraklClient client;
    private final MiraklThreadMapper mapper;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;
    private final PollRun pollRun;
    private final PollingSettings settings;
    private final Clock clock;

    MiraklPoller(ChannelRegistry channels, ChannelCursorStore cursors, MiraklClient client, MiraklThreadMapper mapper,
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
        String token = cursor.pageToken();
        Instant watermark = cursor.runWatermark();
        int limit = channel.settings(MiraklSettings.class).pageSizeOrDefault();
        for (int page = 0; page < settings.maxPagesPerRun(); page++) {
            JsonNode result;
            try {
                result = token == null
                        ? client.listThreads(channel, since(channel, cursor), limit)
                        : client.nextThreads(channel, token, limit);
            } catch (SourceException.Refused refused) {
                if (token == null) {
                    throw refused;
                }
                // A page token the marketplace no longer takes: start the run again from the
                // last complete position rather than retrying a dead token forever.
                log.warn("Channel {}: page token refused ({}); restarting the run", channel.id(), refused.getMessage());
                cursors.pageDone(channel.id(), null, watermark, clock.instant());
                return;
            }
            for (JsonNode thread : result.path("data")) {
                Instant updated = MiraklThreadMapper.dateUpdated(thread);
                if (updated != null && (watermark == null || updated.isAfter(watermark))) {
                    watermark = updated;
                }
            }
            pageIngest.readAndStore(result.path("data"), thread -> read(channel, thread));
            String next = MiraklThreadMapper.text(result, "next_page_token");
            if (next == null) {
                cursors.runDone(channel.id(), watermark == null ? cursor.position() : watermark.toString(), clock.instant());
                return;
            }
            cursors.pageDone(channel.id(), next, watermark, clock.instant());
            token = next;
        }
    }

    private Instant since(Channel channel, ChannelCursor cursor) {
        return cursor.position() == null ? null
                : Instant.parse(cursor.position()).minus(channel.settings(MiraklSettings.class).pollOverlapOrDefault());
    }

    /** The thread's messages, or none when it is malformed (then it is quarantined). */
    private List<InboundMessage> read(Channel channel, JsonNode thread) {
        JsonNode whole = thread;
        int total = thread.path("metadata").path("total_count").asInt(-1);
        String threadId = MiraklThreadMapper.text(thread, "id");
        // M11 carries the last 100 messages; a longer thread is read whole with M10.
        if (threadId != null && total > thread.path("messages").size()) {
            whole = client.thread(channel, threadId);
        }
        try {
            return mapper.map(channel, whole);
        } catch (MalformedThreadException e) {
            quarantine.rejectedPayload(channel.id(), QUARANTINE_SOURCE, whole.toString(), e.getMessage());
            return List.of();
        }
    }
}
