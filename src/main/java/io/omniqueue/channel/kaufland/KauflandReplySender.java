package io.omniqueue.channel.kaufland;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.channel.ReplySender;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.channel.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Replies with {@code POST /tickets/{id}/messages} ({@code text}, files as base64
 * {@code ticket_message_files}). Kaufland answers 201 without an id, so the ticket is read again
 * after the post and the new seller message's id is adopted: the next poll then sees the same
 * message, not a second one. Before posting again after an attempt that ended without an answer,
 * the ticket is read: if our text is already there, that message is the reply.
 */
@Component
class KauflandReplySender implements ReplySender {

    // Kaufland's published limit (swagger 2.27: text 1..65535).
    static final int MAX_TEXT = 65_535;
    // [U] Kaufland publishes no size limit for ticket_message_files; the files travel base64 inside
    // one JSON request, so we keep it modest. Correct here when Kaufland documents one.
    static final long MAX_FILES_BYTES = 10L * 1024 * 1024;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private final KauflandClient client;
    private final ObjectMapper json;

    KauflandReplySender(KauflandClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public String kind() {
        return KauflandKind.NAME;
    }

    @Override
    public OptionalInt maxBodyLength(Channel channel) {
        return OptionalInt.of(MAX_TEXT);
    }

    @Override
    public List<String> validate(Channel channel, ReplyDraft draft) {
        List<String> problems = new ArrayList<>();
        String body = draft.body() == null ? "" : draft.body();
        if (body.isBlank() || body.length() > MAX_TEXT) {
            problems.add("Kaufland takes a text of 1 to " + MAX_TEXT + " characters, this one has "
                    + (body.isBlank() ? 0 : body.length()));
        }
        if (draft.totalBytes() > MAX_FILES_BYTES) {
            problems.add("Kaufland replies here carry at most 10 MB of files, this reply has "
                    + (draft.totalBytes() / 1024 / 1024) + " MB");
        }
        problems.addAll(draft.unusableFiles());
        return problems;
    }

    @Override
    public SendOutcome send(Channel channel, OutgoingReply reply) {
        String marker = reply.sendMarker();
        try {
            JsonNode before = client.ticket(channel, reply.externalThreadId());
            if (reply.attempt() > 1) {
                String copy = earlierCopy(before, reply);
                if (copy != null) {
                    return new SendOutcome.Sent(copy);
                }
            }
            if (marker == null) {
                // Kaufland's own time of the ticket's last change, before we post: a seller message
                // with our text found later at or after it is this reply, whatever our clock says.
                marker = KauflandTicketMapper.text(before, "ts_updated_iso");
            }
            Set<String> known = new HashSet<>();
            before.path("messages").forEach(m -> known.add(KauflandTicketMapper.text(m, "id_ticket_message")));
            client.reply(channel, reply.externalThreadId(), body(reply));
            JsonNode after = client.ticket(channel, reply.externalThreadId());
            for (JsonNode m : after.path("messages")) {
                String id = KauflandTicketMapper.text(m, "id_ticket_message");
                if (!known.contains(id) && isOurs(m, reply)) {
                    return new SendOutcome.Sent(id);
                }
            }
            return new SendOutcome.Sent(null);
        } catch (SourceException e) {
            return SendOutcome.failed(e, marker);
        }
    }

    private String body(OutgoingReply reply) {
        ObjectNode body = json.createObjectNode().put("text", reply.body());
        if (!reply.files().isEmpty()) {
            ArrayNode files = body.putArray("ticket_message_files");
            for (OutgoingReply.File file : reply.files()) {
                files.addObject().put("filename", file.name())
                        .put("mime_type", file.contentType() == null ? "application/octet-stream" : file.contentType())
                        .put("data", Base64.getEncoder().encodeToString(file.content()));
            }
        }
        return body.toString();
    }

    private static boolean isOurs(JsonNode message, OutgoingReply reply) {
        return "seller".equals(KauflandTicketMapper.text(message.path("author"), "role"))
                && reply.isOurText(KauflandTicketMapper.text(message, "text"));
    }

    /**
     * The id of a seller message with our text written since the ticket state noted before our
     * first post (Kaufland's clock); without a note, our acceptance time less a margin for skew.
     */
    private static String earlierCopy(JsonNode ticket, OutgoingReply reply) {
        Instant notBefore = reply.sendMarker() != null ? Instant.parse(reply.sendMarker())
                : reply.acceptedAt().minus(CLOCK_SKEW);
        for (JsonNode message : ticket.path("messages")) {
            String sentAt = KauflandTicketMapper.text(message, "ts_created_iso");
            if (isOurs(message, reply) && sentAt != null && !Instant.parse(sentAt).isBefore(notBefore)) {
                return KauflandTicketMapper.text(message, "id_ticket_message");
            }
        }
        return null;
    }
}
