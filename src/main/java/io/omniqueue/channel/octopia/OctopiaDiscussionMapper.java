package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.JsonFields;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Translates one Octopia discussion ({@code GET /discussions/{id}}) into inbound messages. Field
 * names are those seen in clients [U]; they are read here and nowhere else.
 *
 * <p>{@code Customer} messages need a reply; {@code Seller} messages (typed in the seller portal
 * or sent by us) stop the clock; {@code GrcOperator} messages (Octopia's customer service) start it
 * only when the channel says so; {@code Automatic} and unknown sender types are shown and never
 * start it.
 */
@Component
class OctopiaDiscussionMapper {

    static final String CUSTOMER = "Customer";
    static final String SELLER = "Seller";
    static final String OPERATOR = "GrcOperator";
    static final String AUTOMATIC = "Automatic";

    List<InboundMessage> map(Channel channel, JsonNode discussion) {
        String discussionId = requiredText(discussion, "discussionId", "discussion");
        JsonNode messages = discussion.path("messages");
        if (!messages.isArray()) {
            throw new MalformedDiscussionException("discussion " + discussionId + " has no messages array");
        }
        String subject = text(discussion, "subject");
        String orderId = text(discussion, "orderReference");
        String customerId = text(discussion, "customerId");
        boolean operatorNeedsReply = Boolean.TRUE.equals(channel.settings(OctopiaSettings.class).operatorMessagesNeedReply());
        List<InboundMessage> result = new ArrayList<>();
        for (JsonNode message : messages) {
            String messageId = requiredText(message, "messageId", "a message of discussion " + discussionId);
            Instant sentAt = date(message, "createdAt", discussionId);
            if (sentAt == null) {
                throw new MalformedDiscussionException("message " + messageId + " of discussion " + discussionId + " has no createdAt");
            }
            String type = text(message.path("sender"), "userType");
            if (type == null) {
                throw new MalformedDiscussionException("message " + messageId + " of discussion " + discussionId
                        + " has no sender.userType");
            }
            String body = text(message, "body");
            result.add(switch (type) {
                case CUSTOMER -> new InboundMessage(channel.id(), discussionId, messageId, Direction.INBOUND, AuthorRole.CUSTOMER,
                        null, null, subject, body, sentAt, orderId, true, null, List.of(), null, null, null, customerId);
                case SELLER -> new InboundMessage(channel.id(), discussionId, messageId, Direction.OUTBOUND, AuthorRole.SHOP,
                        null, null, subject, body, sentAt, orderId, false, null, List.of(), null, null, null, customerId);
                case OPERATOR -> new InboundMessage(channel.id(), discussionId, messageId, Direction.INBOUND, AuthorRole.OPERATOR,
                        "Octopia", null, subject, body, sentAt, orderId, operatorNeedsReply, null, List.of(), null, null, null,
                        customerId);
                default -> new InboundMessage(channel.id(), discussionId, messageId, Direction.INBOUND, AuthorRole.SYSTEM,
                        AUTOMATIC.equals(type) ? "Octopia" : type, null, subject, body, sentAt, orderId, false, null,
                        List.of(), null, null, null, customerId);
            });
        }
        return result;
    }

    static Instant updatedAt(JsonNode discussion) {
        return JsonFields.instantOrNull(discussion, "updatedAt");
    }

    private static Instant date(JsonNode node, String field, String discussionId) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedDiscussionException("discussion " + discussionId + ": " + field + " '" + value
                    + "' is not an ISO-8601 date");
        }
    }

    private static String requiredText(JsonNode node, String field, String what) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new MalformedDiscussionException(what + " has no " + field);
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }
}
