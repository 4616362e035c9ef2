package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.PagedPoll;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.PageIngest;
import io.omniqueue.quarantine.Quarantine;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    private final PagedPoll paging;
    private final OctopiaClient client;
    private final OctopiaDiscussionMapper mapper;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;
    private final Clock clock;

    OctopiaPoller(PagedPoll paging, OctopiaClient client, OctopiaDiscussionMapper mapper, PageIngest pageIngest,
                  Quarantine quarantine, Clock clock) {
        this.paging = paging;
        this.client = client;
        this.mapper = mapper;
        this.pageIngest = pageIngest;
        this.quarantine = quarantine;
        this.clock = clock;
    }

    public void poll(String channelId) {
        paging.poll(channelId, (channel, cursor) -> {
            OctopiaSettings octopia = channel.settings(OctopiaSettings.class);
            // A page refused (a run begun long ago, its updatedAtMin now outside the six-month
            // window) restarts the run.
            return token -> page(channel, octopia, cursor, token);
        });
    }

    private PagedPoll.Page page(Channel channel, OctopiaSettings octopia, ChannelCursor cursor, String token) {
        Map<String, String> query = token == null ? OctopiaPage.first(octopia, since(octopia, cursor), clock)
                : OctopiaPage.fromToken(token);
        OctopiaClient.Page result = client.discussions(channel, query);
        JsonNode items = items(result.json());
        return PagedPoll.Page.of(items, OctopiaDiscussionMapper::updatedAt, OctopiaPage.next(query, result.link(), items.size()),
                () -> pageIngest.readAndStore(items, item -> read(channel, item)));
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
