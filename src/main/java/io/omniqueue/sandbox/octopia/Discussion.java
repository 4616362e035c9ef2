package io.omniqueue.sandbox.octopia;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One simulated discussion; guarded by the simulator's state lock. */
final class Discussion {

    final String id;
    final String subject;
    final String orderReference;
    final String customerId;
    final String salesChannel;
    final Instant createdAt;
    final List<SimulatedMessage> messages = new ArrayList<>();
    boolean open = true;
    Instant updatedAt;

    Discussion(String id, String subject, String orderReference, String customerId, String salesChannel, Instant createdAt) {
        this.id = id;
        this.subject = subject;
        this.orderReference = orderReference;
        this.customerId = customerId;
        this.salesChannel = salesChannel;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    boolean sellerAnswered() {
        return messages.stream().anyMatch(m -> "Seller".equals(m.userType()));
    }

    boolean waitsForSeller() {
        return !messages.isEmpty() && "Customer".equals(messages.get(messages.size() - 1).userType());
    }
}
