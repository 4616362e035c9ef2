package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniqueue.channel.OutgoingReply;
import java.util.Base64;
import java.util.Locale;

/**
 * The body of {@code POST /messages}, the one place that knows it. Two shapes are seen in clients
 * and neither is confirmed by Octopia's own specification [U]; an operator switches with the
 * channel's {@code reply-shape}.
 *
 * <ul>
 *   <li>{@link #RECEIVERS} (default): {@code {discussionId, salesChannel, body, receivers:[{userId, userType:"Customer"}],
 *       attachments?}}, as two independent integrations write it; its receivers have the shape of the
 *       discussion's {@code eligibleReceivers}.</li>
 *   <li>{@link #RECEIVER}: {@code {discussionId, body, receiver:"Customer", attachments?}}, as the PHP SDK writes it.</li>
 * </ul>
 * Attachments: {@code {name, fileFormat, content (base64)}} [U] in both.
 */
public enum OctopiaReplyShape {
    RECEIVERS,
    RECEIVER;

    static final String CUSTOMER = "Customer";

    ObjectNode body(ObjectMapper json, OutgoingReply reply, String salesChannel, String customerId) {
        ObjectNode body = json.createObjectNode().put("discussionId", reply.externalThreadId());
        if (this == RECEIVERS) {
            if (salesChannel != null) {
                body.put("salesChannel", salesChannel);
            }
            body.put("body", reply.body());
            ObjectNode customer = body.putArray("receivers").addObject();
            if (customerId != null) {
                customer.put("userId", customerId);
            }
            customer.put("userType", CUSTOMER);
        } else {
            body.put("body", reply.body()).put("receiver", CUSTOMER);
        }
        if (!reply.files().isEmpty()) {
            ArrayNode files = body.putArray("attachments");
            for (OutgoingReply.File file : reply.files()) {
                files.addObject().put("name", file.name()).put("fileFormat", extension(file.name()))
                        .put("content", Base64.getEncoder().encodeToString(file.content()));
            }
        }
        return body;
    }

    static String extension(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
