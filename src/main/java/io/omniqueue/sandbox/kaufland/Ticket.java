package io.omniqueue.sandbox.kaufland;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One simulated ticket; guarded by the {@link Tickets} that holds it. */
final class Ticket {

    final String id;
    final String storefront;
    final long buyerId;
    final String buyerEmail;
    final long orderUnitId;
    final String orderId;
    final String openReason;
    final Instant createdAt;
    final List<KauflandMessage> messages = new ArrayList<>();
    Instant updatedAt;
    String status = "opened";
    boolean sellerResponsible;
    /** Kaufland refuses the seller's close (e.g. an open return): answers non-closable-by-seller. */
    boolean closableBySeller = true;

    Ticket(String id, String storefront, long buyerId, long orderUnitId, String orderId, String openReason, Instant createdAt) {
        this.id = id;
        this.storefront = storefront;
        this.buyerId = buyerId;
        this.buyerEmail = Long.toString(buyerId, 36) + "@buyer.kaufland-marketplace.de";
        this.orderUnitId = orderUnitId;
        this.orderId = orderId;
        this.openReason = openReason;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    void add(KauflandMessage message) {
        messages.add(message);
        if (message.createdAt().isAfter(updatedAt)) {
            updatedAt = message.createdAt();
        }
        // A seller message hands the ticket to the customer; a buyer's or Kaufland's hands it back.
        switch (message.role()) {
            case "seller" -> sellerResponsible = false;
            case "buyer", "customer_service" -> sellerResponsible = true;
            default -> { }
        }
    }
}
