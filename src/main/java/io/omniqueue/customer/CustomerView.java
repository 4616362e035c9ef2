package io.omniqueue.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.omniqueue.conversation.ConversationStatus;
import java.time.Instant;
import java.util.List;

/**
 * A customer as the API and the inbox show it. {@code mergedInto}: the customer it now is part of
 * (its lists are then empty); {@code erasedAt}: when its personal data was erased.
 */
public record CustomerView(
        long id,
        String name,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long mergedInto,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant erasedAt,
        List<Identity> identities,
        List<Conversation> conversations,
        List<Order> orders,
        List<Suggestion> suggestions,
        List<MergeView> merges) {

    /** {@code channelId}: the channel a SOURCE identity belongs to, else null. */
    public record Identity(IdentityKind kind, String channelId, String value, Instant firstSeenAt) {
    }

    /** One of the customer's conversations, on any channel. */
    public record Conversation(long id, String channelId, String marketplace, ConversationStatus status, String subject,
                               String orderId, Instant lastMessageAt) {
    }

    /** An order seen in the customer's messages, with the channel it was first seen on. */
    public record Order(String orderId, String channelId, Instant firstSeenAt) {
    }

    /** Another customer that may be the same person; {@code reason}: SAME_NAME. */
    public record Suggestion(long id, long otherCustomerId, String otherName, String reason) {
    }
}
