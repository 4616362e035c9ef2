package io.omniqueue.channel.mirakl;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.PagedPoll;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.PageIngest;
import io.omniqueue.quarantine.Quarantine;
import java.time.Instant;
import java.util.List;
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

    private final PagedPoll paging;
    private final MiraklClient client;
    private final MiraklThreadMapper mapper;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;

    MiraklPoller(PagedPoll paging, MiraklClient client, MiraklThreadMapper mapper, PageIngest pageIngest,
                 Quarantine quarantine) {
        this.paging = paging;
        this.client = client;
        this.mapper = mapper;
        this.pageIngest = pageIngest;
        this.quarantine = quarantine;
    }

    public void poll(String channelId) {
        paging.poll(channelId, (channel, cursor) -> {
            int limit = channel.settings(MiraklSettings.class).pageSizeOrDefault();
            // A page token refused (the marketplace no longer takes it) restarts the run.
            return token -> page(channel, cursor, token, limit);
        });
    }

    private PagedPoll.Page page(Channel channel, ChannelCursor cursor, String token, int limit) {
        JsonNode result = token == null
                ? client.listThreads(channel, since(channel, cursor), limit)
                : client.nextThreads(channel, token, limit);
        JsonNode data = result.path("data");
        return PagedPoll.Page.of(data, MiraklThreadMapper::dateUpdated, MiraklThreadMapper.text(result, "next_page_token"),
                () -> pageIngest.readAndStore(data, thread -> read(channel, thread)));
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
