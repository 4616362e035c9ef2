package io.omniqueue.channel.kaufland;

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
 * One poll of one Kaufland channel (called by the {@code poll-<channelId>} route): lists the
 * storefront's tickets updated since the cursor page by page ({@code limit}/{@code offset}, until
 * {@code pagination.total}), reads each with its messages and stores the page's messages
 * together ({@link PageIngest}). The next offset is committed only after the page's tickets are stored;
 * the run's start ({@code ts_updated_from_iso}) stays the last complete run's watermark, so a
 * crash, a restart or a 429 mid-run resumes at the unfinished page. Tickets updated during a run
 * move to the front of the newest-first list: a page may be read twice (dedupe absorbs it), none
 * is skipped, and the next run catches the moved ones.
 */
@Component("kauflandPoller")
public class KauflandPoller {

    static final String QUARANTINE_SOURCE = "kaufland-ticket";
    private static final Logger log = LoggerFactory.getLogger(KauflandPoller.class);

    private final ChannelRegistry channels;
    private final ChannelCursorStore cursors;
    private final KauflandClient client;
    private final KauflandTicketMapper mapper;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;
    private final PollRun pollRun;
    private final PollingSettings settings;
    private final Clock clock;

    KauflandPoller(ChannelRegistry channels, ChannelCursorStore cursors, KauflandClient client, KauflandTicketMapper mapper,
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
        KauflandSettings own = channel.settings(KauflandSettings.class);
        int offset = offset(channel, cursor);
        Instant watermark = cursor.runWatermark();
        Instant since = cursor.position() == null ? null : Instant.parse(cursor.position()).minus(own.pollOverlapOrDefault());
        for (int page = 0; page < settings.maxPagesPerRun(); page++) {
            JsonNode result = client.listTickets(channel, since, own.pageSizeOrDefault(), offset);
            JsonNode data = result.path("data");
            for (JsonNode listed : data) {
                Instant updated = KauflandTicketMapper.dateUpdated(listed);
                if (updated != null && (watermark == null || updated.isAfter(watermark))) {
                    watermark = updated;
                }
            }
            pageIngest.readAndStore(data, listed -> read(channel, KauflandTicketMapper.text(listed, "id_ticket")));
            int next = offset + data.size();
            if (data.isEmpty() || next >= result.path("pagination").path("total").asInt(0)) {
                cursors.runDone(channel.id(), watermark == null ? cursor.position() : watermark.toString(), clock.instant());
                return;
            }
            cursors.pageDone(channel.id(), String.valueOf(next), watermark, clock.instant());
            offset = next;
        }
    }

    private int offset(Channel channel, ChannelCursor cursor) {
        if (cursor.pageToken() == null) {
            return 0;
        }
        try {
            return Integer.parseInt(cursor.pageToken());
        } catch (NumberFormatException e) {
            log.warn("Channel {}: page token '{}' is not an offset; the run starts again", channel.id(), cursor.pageToken());
            return 0;
        }
    }

    /** The ticket's messages, or none when it can't be read or is malformed (then it is quarantined). */
    private List<InboundMessage> read(Channel channel, String ticketId) {
        if (ticketId == null) {
            return List.of();
        }
        JsonNode ticket;
        try {
            ticket = client.ticket(channel, ticketId);
        } catch (SourceException.Refused gone) {
            // Listed a moment ago, refused now (deleted, another storefront): nothing to read, the rest goes on.
            log.warn("Channel {}: ticket {} could not be read: {}", channel.id(), ticketId, gone.getMessage());
            return List.of();
        }
        try {
            return mapper.map(channel, ticket);
        } catch (MalformedTicketException e) {
            quarantine.rejectedPayload(channel.id(), QUARANTINE_SOURCE, ticket.toString(), e.getMessage());
            return List.of();
        }
    }
}
