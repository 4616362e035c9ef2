package io.omniqueue.channel.kaufland;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.PagedPoll;
import io.omniqueue.channel.SourceException;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.PageIngest;
import io.omniqueue.quarantine.Quarantine;
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

    private final PagedPoll paging;
    private final KauflandClient client;
    private final KauflandTicketMapper mapper;
    private final PageIngest pageIngest;
    private final Quarantine quarantine;

    KauflandPoller(PagedPoll paging, KauflandClient client, KauflandTicketMapper mapper, PageIngest pageIngest,
                   Quarantine quarantine) {
        this.paging = paging;
        this.client = client;
        this.mapper = mapper;
        this.pageIngest = pageIngest;
        this.quarantine = quarantine;
    }

    public void poll(String channelId) {
        paging.poll(channelId, Run::new);
    }

    /** One run: its start stays the last complete run's watermark; the page token is the offset. */
    private final class Run implements PagedPoll.Run {

        private final Channel channel;
        private final KauflandSettings own;
        private final Instant since;

        Run(Channel channel, ChannelCursor cursor) {
            this.channel = channel;
            this.own = channel.settings(KauflandSettings.class);
            this.since = cursor.position() == null ? null : Instant.parse(cursor.position()).minus(own.pollOverlapOrDefault());
        }

        @Override
        public PagedPoll.Page read(String token) {
            int offset = token == null ? 0 : Integer.parseInt(token);
            JsonNode result = client.listTickets(channel, since, own.pageSizeOrDefault(), offset);
            JsonNode data = result.path("data");
            int next = offset + data.size();
            boolean last = data.isEmpty() || next >= result.path("pagination").path("total").asInt(0);
            return PagedPoll.Page.of(data, KauflandTicketMapper::dateUpdated, last ? null : String.valueOf(next),
                    () -> pageIngest.readAndStore(data, listed -> readTicket(channel, KauflandTicketMapper.text(listed, "id_ticket"))));
        }

        @Override
        public String resume(String pageToken) {
            if (pageToken == null) {
                return null;
            }
            try {
                Integer.parseInt(pageToken);
                return pageToken;
            } catch (NumberFormatException e) {
                log.warn("Channel {}: page token '{}' is not an offset; the run starts again", channel.id(), pageToken);
                return null;
            }
        }

        /** A refused listing fails the poll and backs off, on any page, as any other refusal does here. */
        @Override
        public boolean restartsWhenAPageIsRefused() {
            return false;
        }
    }

    /** The ticket's messages, or none when it can't be read or is malformed (then it is quarantined). */
    private List<InboundMessage> readTicket(Channel channel, String ticketId) {
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
