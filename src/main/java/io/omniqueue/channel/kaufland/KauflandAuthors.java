package io.omniqueue.channel.kaufland;

import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;

/**
 * What each of Kaufland's author roles means for the queue and the clock, in one place.
 * buyer: the customer, starts the clock. seller: the shop (our reply or the seller portal),
 * stops it. customer_service: Kaufland's support, which the seller must answer (Kaufland sets
 * is_seller_responsible), starts it. system: Kaufland's automatic notes, shown without
 * starting the clock, except the one that carries the buyer's opening request.
 */
final class KauflandAuthors {

    record Meaning(Direction direction, AuthorRole role, boolean startsClock) {
    }

    private KauflandAuthors() {
    }

    static Meaning of(String role, boolean opensTheTicket) {
        return switch (role) {
            case "buyer" -> new Meaning(Direction.INBOUND, AuthorRole.CUSTOMER, true);
            case "seller" -> new Meaning(Direction.OUTBOUND, AuthorRole.SHOP, false);
            case "customer_service" -> new Meaning(Direction.INBOUND, AuthorRole.OPERATOR, true);
            default -> new Meaning(Direction.INBOUND, AuthorRole.SYSTEM, systemMessageStartsClock(opensTheTicket));
        };
    }

    /**
     * [U] One integration reports that a ticket's opening request can reach the seller as a
     * system-role message quoting the customer. We take it that a system message quotes the
     * customer's opening request when it is the ticket's first message and no buyer message
     * comes before it; that one starts the clock, later system notes do not. Correct here.
     */
    static boolean systemMessageStartsClock(boolean opensTheTicket) {
        return opensTheTicket;
    }
}
