package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.JsonFields;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Translates one eBay conversation ({@code conversationId}, {@code conversationTitle},
 * {@code referenceId} and all its {@code messages}, as the poller assembles them from
 * getConversations and getConversation) into inbound messages, oldest first.
 *
 * <p>A message whose sender is the channel's {@code seller-username} is the shop's (typed on
 * eBay or sent by us): OUTBOUND, it stops the clock. Any other sender is the buyer. eBay has no
 * order id on a conversation, only the listing (item id): the order id stays empty, so that no
 * two buyers of one listing look like one order, and the subject names the listing instead.
 */
@Component
class EbayConversationMapper {

    /** How the subject names the listing when eBay's title does not. */
    static final String LISTING_LABEL = "eBay item ";

    List<InboundMessage> map(Channel channel, JsonNode conversation) {
        EbaySettings settings = channel.settings(EbaySettings.class);
        String conversationId = required(conversation, "conversationId", "conversation");
        String subject = subject(text(conversation, "conversationTitle"), text(conversation, "referenceId"));
        JsonNode messages = conversation.path("messages");
        if (!messages.isArray()) {
            throw new MalformedConversationException("conversation " + conversationId + " has no messages array");
        }
        String buyer = buyer(settings, messages);
        List<InboundMessage> result = new ArrayList<>();
        for (JsonNode message : messages) {
            String messageId = required(message, "messageId", "a message of conversation " + conversationId);
            Instant sentAt = date(message, messageId, conversationId);
            String sender = required(message, "senderUsername", "message " + messageId + " of conversation " + conversationId);
            String body = body(message);
            result.add(settings.isSeller(sender)
                    ? new InboundMessage(channel.id(), conversationId, messageId, Direction.OUTBOUND, AuthorRole.SHOP, sender,
                            null, subject, body, sentAt, null, false, null, List.of(), null, null, null, buyer)
                    : new InboundMessage(channel.id(), conversationId, messageId, Direction.INBOUND, AuthorRole.CUSTOMER, sender,
                            null, subject, body, sentAt, null, true, null, List.of(), null, null, null, sender));
        }
        result.sort(Comparator.comparing(InboundMessage::sentAt).thenComparing(InboundMessage::externalMessageId));
        return result;
    }

    /** eBay's title ("Question about item 4059..."), with the listing added when the title does not name it. */
    static String subject(String title, String listing) {
        if (listing == null || listing.isBlank()) {
            return title;
        }
        if (title == null || title.isBlank()) {
            return LISTING_LABEL + listing;
        }
        return title.contains(listing) ? title : title + " (" + LISTING_LABEL + listing + ")";
    }

    /** The other party: a buyer's username as sender, else as recipient of the seller's messages. */
    private static String buyer(EbaySettings settings, JsonNode messages) {
        for (JsonNode message : messages) {
            String sender = text(message, "senderUsername");
            if (sender != null && !settings.isSeller(sender)) {
                return sender;
            }
        }
        for (JsonNode message : messages) {
            String recipient = text(message, "recipientUsername");
            if (recipient != null && !settings.isSeller(recipient)) {
                return recipient;
            }
        }
        return null;
    }

    /**
     * The text, and the files the message links to: eBay keeps them (images, PDFs) at https
     * addresses it hosts, so they are listed under the text as links rather than copied.
     */
    private static String body(JsonNode message) {
        String text = text(message, "messageBody");
        StringBuilder body = new StringBuilder(text == null ? "" : text);
        for (JsonNode media : message.path("messageMedia")) {
            String url = text(media, "mediaUrl");
            if (url == null) {
                continue;
            }
            String name = text(media, "mediaName");
            if (!body.isEmpty()) {
                body.append('\n');
            }
            body.append('[').append(name == null ? "file" : name).append("] ").append(url);
        }
        return body.toString();
    }

    private static Instant date(JsonNode message, String messageId, String conversationId) {
        String value = text(message, "createdDate");
        if (value == null) {
            throw new MalformedConversationException("message " + messageId + " of conversation " + conversationId
                    + " has no createdDate");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedConversationException("message " + messageId + " of conversation " + conversationId
                    + ": createdDate '" + value + "' is not an ISO-8601 date");
        }
    }

    private static String required(JsonNode node, String field, String what) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new MalformedConversationException(what + " has no " + field);
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }
}
