package io.omniqueue.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as the queue and the API show it; {@code messages} only in the detail view.
 * {@code assignee} is the agent who owns it, or null; {@code events}, its audit trail oldest first, only in the detail view.
 * {@code marketplace} is the party whose deadline counts ({@code amazon.es}, {@code carrefour-fr}, {@code shop}).
 * {@code customerId} is the customer the conversation belongs to (see the customer feature), null until linked.
 * {@code language} (ISO 639-1) is the customer's, as detected in their messages, or null while unknown;
 * {@code topic} their reason for writing ({@code where-is-my-order}...; {@code other} when unsure), or null
 * before any customer message; {@code topicCorrection} says who set it by hand, when an agent did;
 * {@code noReplySuggested}: the conversation waits for a reply but the customer's last message was only thanks.
 */
public record ConversationView(
        long id,
        String channelId,
        String marketplace,
        ConversationStatus status,
        String subject,
        String customerName,
        String orderId,
        Instant lastMessageAt,
        Instant clockStartedAt,
        Instant contractDueAt,
        Instant internalDueAt,
        Instant dueAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) NoReplyNeeded noReplyNeeded,
        String assignee,
        Long customerId,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<MessageView> messages,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ConversationEvent> events,
        String language,
        String topic,
        @JsonInclude(JsonInclude.Include.NON_NULL) TopicCorrection topicCorrection,
        boolean noReplySuggested) {

    /** The agent who last set the topic by hand, and when. */
    public record TopicCorrection(String by, Instant at) {
    }

    /** Who decided that no reply was needed, why, and when. */
    public record NoReplyNeeded(String by, String reason, Instant at) {
    }

    ConversationView withDetail(List<MessageView> list, List<ConversationEvent> trail) {
        return new ConversationView(id, channelId, marketplace, status, subject, customerName, orderId, lastMessageAt, clockStartedAt,
                contractDueAt, internalDueAt, dueAt, noReplyNeeded, assignee, customerId, list, trail, language, topic,
                topicCorrection, noReplySuggested);
    }
}
