package io.omniqueue.channel.mirakl;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.JsonFields;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundAttachment;
import io.omniqueue.conversation.InboundMessage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Translates one Mirakl thread (M11 item or M10 answer) into inbound messages. Only a
 * translation: dedupe, threading and the clock belong to the ingest.
 *
 * <p>CUSTOMER_USER messages need a reply, SHOP_USER messages (typed in the back office or sent
 * by us) stop the clock, OPERATOR_USER messages follow the channel's setting; sender types
 * Mirakl may add later are shown without touching the clock.
 */
@Component
class MiraklThreadMapper {

    List<InboundMessage> map(Channel channel, JsonNode thread) {
        String threadId = requiredText(thread, "id", "thread");
        JsonNode messages = thread.path("messages");
        if (!messages.isArray()) {
            throw new MalformedThreadException("thread " + threadId + " has no messages array");
        }
        String subject = text(thread.path("topic"), "value");
        String orderId = orderId(thread);
        String customerId = customerId(thread);
        Instant waitingSince = optionalDate(thread.path("metadata"), "shop_reply_needed_since", threadId);
        boolean operatorNeedsReply = Boolean.TRUE.equals(channel.settings(MiraklSettings.class).operatorMessagesNeedReply());
        List<InboundMessage> result = new ArrayList<>();
        for (JsonNode message : messages) {
            String messageId = requiredText(message, "id", "a message of thread " + threadId);
            Instant sentAt = optionalDate(message, "date_created", threadId);
            if (sentAt == null) {
                throw new MalformedThreadException("message " + messageId + " of thread " + threadId + " has no date_created");
            }
            JsonNode from = message.path("from");
            String type = text(from, "type");
            if (type == null) {
                throw new MalformedThreadException("message " + messageId + " of thread " + threadId + " has no from.type");
            }
            String author = text(from, "display_name");
            List<InboundAttachment> attachments = attachments(message);
            InboundMessage mapped = switch (type) {
                case "CUSTOMER_USER" -> new InboundMessage(channel.id(), threadId, messageId, Direction.INBOUND,
                        AuthorRole.CUSTOMER, author, null, subject, text(message, "body"), sentAt, orderId, true,
                        waitingSince, attachments);
                case "SHOP_USER" -> new InboundMessage(channel.id(), threadId, messageId, Direction.OUTBOUND,
                        AuthorRole.SHOP, author, null, subject, text(message, "body"), sentAt, orderId, false, null,
                        attachments);
                case "OPERATOR_USER" -> new InboundMessage(channel.id(), threadId, messageId, Direction.INBOUND,
                        AuthorRole.OPERATOR, author, null, subject, text(message, "body"), sentAt, orderId,
                        operatorNeedsReply, null, attachments);
                default -> new InboundMessage(channel.id(), threadId, messageId, Direction.INBOUND, AuthorRole.SYSTEM,
                        author, null, subject, text(message, "body"), sentAt, orderId, false, null, attachments);
            };
            // The thread's buyer, whoever wrote this message of it: the customer feature links by it.
            result.add(withCustomer(mapped, customerId));
        }
        return result;
    }

    static Instant dateUpdated(JsonNode thread) {
        return JsonFields.instantOrNull(thread, "date_updated");
    }

    private static InboundMessage withCustomer(InboundMessage m, String customerId) {
        return customerId == null ? m : new InboundMessage(m.channelId(), m.externalThreadId(), m.externalMessageId(),
                m.direction(), m.authorRole(), m.authorName(), m.authorEmail(), m.subject(), m.body(), m.sentAt(), m.orderId(),
                m.needsReply(), m.waitingSince(), m.attachments(), m.htmlBody(), m.slaPolicy(), m.marketplace(), customerId);
    }

    /** The buyer's Mirakl id: the CUSTOMER participant of the thread (M11 lists it with its id). */
    private static String customerId(JsonNode thread) {
        for (String list : new String[] {"current_participants", "authorized_participants"}) {
            for (JsonNode participant : thread.path(list)) {
                if ("CUSTOMER".equals(text(participant, "type")) && text(participant, "id") != null) {
                    return text(participant, "id");
                }
            }
        }
        return null;
    }

    private static String orderId(JsonNode thread) {
        for (JsonNode entity : thread.path("entities")) {
            if ("MMP_ORDER".equals(text(entity, "type"))) {
                return text(entity, "id");
            }
        }
        return null;
    }

    private static List<InboundAttachment> attachments(JsonNode message) {
        List<InboundAttachment> list = new ArrayList<>();
        for (JsonNode a : message.path("attachments")) {
            String id = text(a, "id");
            if (id != null) {
                list.add(new InboundAttachment(id, text(a, "name"), a.hasNonNull("size") ? a.get("size").asLong() : null, null));
            }
        }
        return list;
    }

    private static Instant optionalDate(JsonNode node, String field, String threadId) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedThreadException("thread " + threadId + ": " + field + " '" + value + "' is not an ISO-8601 date");
        }
    }

    private static String requiredText(JsonNode node, String field, String what) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new MalformedThreadException(what + " has no " + field);
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }
}
