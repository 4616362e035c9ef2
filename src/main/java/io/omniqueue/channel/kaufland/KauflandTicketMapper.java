package io.omniqueue.channel.kaufland;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.JsonFields;
import io.omniqueue.conversation.InboundMessage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Translates one Kaufland ticket ({@code GET /tickets/{id}?embedded=messages,buyer,order_units})
 * into inbound messages. Only a translation: dedupe, threading and the clock belong to the ingest.
 * The ticket id stays a string (it has leading zeros); the buyer id is the customer reference.
 */
@Component
class KauflandTicketMapper {

    List<InboundMessage> map(Channel channel, JsonNode ticket) {
        String ticketId = text(ticket, "id_ticket");
        if (ticketId == null || ticketId.isBlank()) {
            throw new MalformedTicketException("ticket has no id_ticket");
        }
        JsonNode messages = ticket.path("messages");
        if (!messages.isArray()) {
            throw new MalformedTicketException("ticket " + ticketId + " has no messages array");
        }
        String orderId = orderId(ticket);
        String buyerId = text(ticket, "id_buyer");
        String buyerEmail = text(ticket.path("buyer"), "email");
        String subject = subject(ticket);
        List<JsonNode> ordered = new ArrayList<>();
        messages.forEach(ordered::add);
        ordered.sort(Comparator.comparing(m -> date(m, ticketId)));
        List<InboundMessage> result = new ArrayList<>();
        boolean first = true;
        for (JsonNode message : ordered) {
            String messageId = text(message, "id_ticket_message");
            if (messageId == null) {
                throw new MalformedTicketException("a message of ticket " + ticketId + " has no id_ticket_message");
            }
            String role = text(message.path("author"), "role");
            if (role == null) {
                throw new MalformedTicketException("message " + messageId + " of ticket " + ticketId + " has no author.role");
            }
            KauflandAuthors.Meaning meaning = KauflandAuthors.of(role, first);
            first = false;
            result.add(new InboundMessage(channel.id(), ticketId, messageId, meaning.direction(), meaning.role(),
                    text(message.path("author"), "name"), "buyer".equals(role) ? buyerEmail : null, subject,
                    text(message, "text"), date(message, ticketId), orderId, meaning.startsClock(), null, List.of(),
                    null, null, null, buyerId));
        }
        return result;
    }

    static Instant dateUpdated(JsonNode ticket) {
        return JsonFields.instantOrNull(ticket, "ts_updated_iso");
    }

    /** The order of the ticket's first order unit; else the order unit's own id. */
    private static String orderId(JsonNode ticket) {
        for (JsonNode unit : ticket.path("order_units")) {
            String order = text(unit, "id_order");
            if (order != null) {
                return order;
            }
        }
        JsonNode units = ticket.path("ids_order_units");
        return units.isArray() && !units.isEmpty() ? units.get(0).asText() : null;
    }

    private static String subject(JsonNode ticket) {
        String topic = text(ticket, "topic");
        String reason = text(ticket, "open_reason");
        String value = topic != null ? topic : reason;
        return value == null ? null : value.replace('_', ' ');
    }

    private static Instant date(JsonNode message, String ticketId) {
        String value = text(message, "ts_created_iso");
        if (value == null) {
            throw new MalformedTicketException("a message of ticket " + ticketId + " has no ts_created_iso");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedTicketException("ticket " + ticketId + ": ts_created_iso '" + value
                    + "' is not an ISO-8601 date");
        }
    }

    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }
}
