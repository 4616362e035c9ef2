package io.omniqueue.sandbox.mirakl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Renders threads and messages in Mirakl's JSON shape. Built node by node rather than from annotated classes
 * because the shape has fields that must be present as null (shop_reply_needed_since) next to fields that must be
 * absent (the operator's id, messages when not asked for).
 */
final class ThreadJson {

    private static final String OPERATOR_NAME = "Operator";

    private final ObjectMapper mapper;

    ThreadJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param messages the messages to include, or null to leave the field out */
    ObjectNode thread(InboxThread thread, List<StoredMessage> messages, ShopIdentity shop) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", thread.id());
        node.put("date_created", MiraklDates.format(thread.created()));
        node.put("date_updated", MiraklDates.format(thread.updated()));
        ObjectNode topic = node.putObject("topic");
        topic.put("type", "FREE_TEXT");
        topic.put("value", "Question about order " + thread.orderId());
        ObjectNode entity = node.putArray("entities").addObject();
        entity.put("id", thread.orderId());
        entity.put("label", thread.orderId());
        entity.put("type", ThreadQuery.THREAD_ENTITY_TYPE);
        node.set("authorized_participants", participants(thread, shop));
        node.set("current_participants", participants(thread, shop));
        node.set("metadata", metadata(thread, shop));
        node.putArray("no_store_reply_needed");
        if (messages != null) {
            ArrayNode array = node.putArray("messages");
            messages.forEach(message -> array.add(message(thread, message, shop)));
        }
        return node;
    }

    private ArrayNode participants(InboxThread thread, ShopIdentity shop) {
        ArrayNode array = mapper.createArrayNode();
        array.add(party(Party.SHOP, thread, shop));
        array.add(party(Party.CUSTOMER, thread, shop));
        array.add(party(Party.OPERATOR, thread, shop));
        return array;
    }

    private ObjectNode metadata(InboxThread thread, ShopIdentity shop) {
        ObjectNode metadata = mapper.createObjectNode();
        StoredMessage last = thread.lastMessage();
        metadata.put("last_message_date", last == null ? null : MiraklDates.format(last.at()));
        if (last == null) {
            metadata.putNull("last_sender");
        } else {
            ObjectNode sender = metadata.putObject("last_sender");
            sender.put("display_name", displayName(last.from().organization(), thread, shop));
            sender.put("type", last.from().name());
        }
        metadata.put("shop_reply_needed_since", MiraklDates.format(thread.shopReplyNeededSince()));
        metadata.put("total_count", thread.messages().size());
        return metadata;
    }

    private ObjectNode message(InboxThread thread, StoredMessage message, ShopIdentity shop) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", message.id());
        node.put("body", message.body());
        node.put("date_created", MiraklDates.format(message.at()));
        ObjectNode from = node.putObject("from");
        Party organization = message.from().organization();
        from.put("display_name", displayName(organization, thread, shop));
        from.put("type", message.from().name());
        from.set("organization_details", party(organization, thread, shop));
        ArrayNode to = node.putArray("to");
        message.to().forEach(recipient -> to.add(party(recipient, thread, shop)));
        ArrayNode attachments = node.putArray("attachments");
        for (StoredAttachment attachment : message.attachments()) {
            ObjectNode file = attachments.addObject();
            file.put("id", attachment.id());
            file.put("name", attachment.name());
            file.put("size", attachment.size());
        }
        return node;
    }

    /** Mirakl never exposes an id for the operator, only for shops and customers. */
    private ObjectNode party(Party party, InboxThread thread, ShopIdentity shop) {
        ObjectNode node = mapper.createObjectNode();
        switch (party) {
            case SHOP -> node.put("id", shop.id());
            case CUSTOMER -> node.put("id", thread.customer().id());
            case OPERATOR -> {
            }
        }
        node.put("display_name", displayName(party, thread, shop));
        node.put("type", party.name());
        return node;
    }

    private static String displayName(Party party, InboxThread thread, ShopIdentity shop) {
        return switch (party) {
            case SHOP -> shop.name();
            case CUSTOMER -> thread.customer().name();
            case OPERATOR -> OPERATOR_NAME;
        };
    }
}
