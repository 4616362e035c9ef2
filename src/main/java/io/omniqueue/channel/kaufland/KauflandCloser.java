package io.omniqueue.channel.kaufland;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.channel.SourceConversationCloser;
import io.omniqueue.channel.SourceException;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Closes a ticket at Kaufland ({@code PATCH /tickets/{id}/close}, 204) when the shop closes the
 * conversation: an open ticket keeps counting against the seller. Kaufland's refusals
 * ({@code non-closable-by-seller}, {@code finally-closed}) are final and carry their problem
 * type; a ticket the seller already closed counts as closed.
 */
@Component
class KauflandCloser implements SourceConversationCloser {

    private static final Set<String> CLOSED_BY_SELLER = Set.of("seller_closed", "both_closed");

    private final KauflandClient client;

    KauflandCloser(KauflandClient client) {
        this.client = client;
    }

    @Override
    public String kind() {
        return KauflandKind.NAME;
    }

    @Override
    public SendOutcome close(Channel channel, String externalThreadId) {
        try {
            client.close(channel, externalThreadId);
            return new SendOutcome.Sent(null);
        } catch (SourceException.Refused refused) {
            return alreadyClosed(channel, externalThreadId) ? new SendOutcome.Sent(null)
                    : new SendOutcome.Rejected(refused.getMessage());
        } catch (SourceException.RateLimited e) {
            return new SendOutcome.RetryLater(e.getMessage(), e.retryAt());
        } catch (SourceException e) {
            return new SendOutcome.RetryLater(e.getMessage(), null);
        }
    }

    private boolean alreadyClosed(Channel channel, String ticketId) {
        try {
            JsonNode ticket = client.ticket(channel, ticketId);
            return CLOSED_BY_SELLER.contains(KauflandTicketMapper.text(ticket, "status"));
        } catch (SourceException e) {
            return false;
        }
    }
}
