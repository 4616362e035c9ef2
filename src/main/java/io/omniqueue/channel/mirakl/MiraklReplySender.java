package io.omniqueue.channel.mirakl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.channel.ReplySender;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.channel.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Replies through M12. Before posting again after an attempt that ended without an answer
 * (timeout, connection reset), it reads the thread (M10): if our message is already there, the
 * reply is SENT with that id instead of being posted twice.
 */
@Component
class MiraklReplySender implements ReplySender {

    // Mirakl's published limits: M12 body 3-50,000 characters; 30 MB of files per message
    // (OR43); at most 50 attachments per entity, so never more than 50 on one message.
    static final int MIN_BODY = 3;
    static final int MAX_BODY = 50_000;
    static final long MAX_FILES_BYTES = 30L * 1024 * 1024;
    static final int MAX_FILES = 50;
    // Our clock and Mirakl's may disagree a little when we look for a copy of our message.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private final MiraklClient client;
    private final ObjectMapper json;

    MiraklReplySender(MiraklClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public String kind() {
        return MiraklKind.NAME;
    }

    @Override
    public java.util.OptionalInt maxBodyLength(Channel channel) {
        return java.util.OptionalInt.of(MAX_BODY);
    }

    @Override
    public List<String> validate(Channel channel, ReplyDraft draft) {
        List<String> problems = new ArrayList<>();
        int length = draft.body() == null ? 0 : draft.body().strip().length();
        if (length < MIN_BODY || length > MAX_BODY) {
            problems.add("Mirakl takes a body of " + MIN_BODY + " to " + MAX_BODY + " characters, this one has " + length);
        }
        if (draft.files().size() > MAX_FILES) {
            problems.add("Mirakl takes at most " + MAX_FILES + " attachments, this reply has " + draft.files().size());
        }
        if (draft.totalBytes() > MAX_FILES_BYTES) {
            problems.add("Mirakl takes at most 30 MB of attachments per message, this reply has "
                    + (draft.totalBytes() / 1024 / 1024) + " MB");
        }
        problems.addAll(draft.unusableFiles());
        return problems;
    }

    @Override
    public SendOutcome send(Channel channel, OutgoingReply reply) {
        String marker = reply.sendMarker();
        try {
            JsonNode thread = client.thread(channel, reply.externalThreadId());
            if (reply.attempt() > 1) {
                String copy = earlierCopy(thread, reply);
                if (copy != null) {
                    return new SendOutcome.Sent(copy);
                }
            }
            if (marker == null) {
                // Mirakl's own time of the thread's last change, before we post: a message of
                // ours found later with a date at or after it is this attempt's, whatever our clock says.
                marker = MiraklThreadMapper.text(thread, "date_updated");
            }
            ArrayNode to = recipients(channel, thread);
            if (to.isEmpty()) {
                return new SendOutcome.Rejected("thread " + reply.externalThreadId() + " has no customer to answer");
            }
            ObjectNode input = json.createObjectNode().put("body", reply.body());
            input.set("to", to);
            List<MiraklFile> files = reply.files().stream()
                    .map(f -> new MiraklFile(f.name(), f.contentType(), f.content())).toList();
            JsonNode answer = client.reply(channel, reply.externalThreadId(), input.toString(), files);
            return new SendOutcome.Sent(MiraklThreadMapper.text(answer, "message_id"));
        } catch (SourceException e) {
            return SendOutcome.failed(e, marker);
        }
    }

    private ArrayNode recipients(Channel channel, JsonNode thread) {
        ArrayNode to = json.createArrayNode();
        for (JsonNode participant : thread.path("authorized_participants")) {
            if ("CUSTOMER".equals(MiraklThreadMapper.text(participant, "type"))) {
                ObjectNode customer = to.addObject().put("type", "CUSTOMER");
                String id = MiraklThreadMapper.text(participant, "id");
                if (id != null) {
                    customer.put("id", id);
                }
            }
        }
        if (!to.isEmpty() && Boolean.TRUE.equals(channel.settings(MiraklSettings.class).replyToOperator())) {
            to.addObject().put("type", "OPERATOR");
        }
        return to;
    }

    /**
     * The id of a shop message with our text written since the thread state noted before our
     * first post (Mirakl's clock). Without a note (the node died mid-send) our acceptance time,
     * less a margin for clock skew, bounds the search instead.
     */
    private static String earlierCopy(JsonNode thread, OutgoingReply reply) {
        Instant notBefore = reply.sendMarker() != null ? Instant.parse(reply.sendMarker())
                : reply.acceptedAt().minus(CLOCK_SKEW);
        for (JsonNode message : thread.path("messages")) {
            String sentAt = MiraklThreadMapper.text(message, "date_created");
            if ("SHOP_USER".equals(MiraklThreadMapper.text(message.path("from"), "type"))
                    && reply.isOurText(MiraklThreadMapper.text(message, "body"))
                    && sentAt != null && !Instant.parse(sentAt).isBefore(notBefore)) {
                return MiraklThreadMapper.text(message, "id");
            }
        }
        return null;
    }
}
