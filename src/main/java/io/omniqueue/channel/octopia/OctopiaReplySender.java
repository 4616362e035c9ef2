package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.channel.ReplySender;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.channel.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Replies with {@code POST /messages} to the discussion's customer, checked first against Octopia's
 * limits. It reads the discussion before posting (the customer's id for the receivers); on a
 * retry after an attempt that ended without an answer, a seller message with our text written
 * since the reply was accepted is taken as ours instead of posting twice.
 */
@Component
class OctopiaReplySender implements ReplySender {

    // Body length 13-5000 characters [U: one integration's validation]; at most 3 files, 4 MB
    // together, these formats [D developer.octopia-io.net discussions-feature-V2].
    static final int MIN_BODY = 13;
    static final int MAX_BODY = 5000;
    static final int MAX_FILES = 3;
    static final long MAX_FILES_BYTES = 4L * 1024 * 1024;
    static final Set<String> FORMATS = Set.of("png", "gif", "bmp", "jpg", "tif", "pdf", "jpeg", "doc", "docx", "xls");
    // Our clock and Octopia's may disagree a little when we look for a copy of our message.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private final OctopiaClient client;
    private final ObjectMapper json;

    OctopiaReplySender(OctopiaClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public String kind() {
        return OctopiaKind.NAME;
    }

    @Override
    public OptionalInt maxBodyLength(Channel channel) {
        return OptionalInt.of(MAX_BODY);
    }

    @Override
    public List<String> validate(Channel channel, ReplyDraft draft) {
        List<String> problems = new ArrayList<>();
        // Spaces around the text don't make it long enough, but they are sent, and Octopia counts them against the maximum.
        int length = draft.body() == null ? 0 : draft.body().strip().length();
        if (draft.body() != null && draft.body().length() > MAX_BODY) {
            length = draft.body().length();
        }
        if (length < MIN_BODY || length > MAX_BODY) {
            problems.add("Octopia takes a message of " + MIN_BODY + " to " + MAX_BODY + " characters, this one has " + length);
        }
        if (draft.files().size() > MAX_FILES) {
            problems.add("Octopia takes at most " + MAX_FILES + " attachments, this reply has " + draft.files().size());
        }
        if (draft.totalBytes() > MAX_FILES_BYTES) {
            problems.add("Octopia takes at most 4 MB of attachments together, this reply has "
                    + String.format(java.util.Locale.ROOT, "%.1f", draft.totalBytes() / 1024.0 / 1024.0) + " MB");
        }
        for (ReplyDraft.FileInfo file : draft.files()) {
            if (!FORMATS.contains(OctopiaReplyShape.extension(file.name()))) {
                problems.add("Octopia takes attachments in " + String.join(", ", FORMATS.stream().sorted().toList())
                        + " only, not '" + file.name() + "'");
            }
        }
        return problems;
    }

    @Override
    public SendOutcome send(Channel channel, OutgoingReply reply) {
        OctopiaSettings settings = channel.settings(OctopiaSettings.class);
        try {
            JsonNode discussion = client.discussion(channel, reply.externalThreadId());
            if (reply.attempt() > 1) {
                String copy = earlierCopy(discussion, reply);
                if (copy != null) {
                    return new SendOutcome.Sent(copy);
                }
            }
            String customerId = OctopiaDiscussionMapper.text(discussion, "customerId");
            String body = settings.replyShapeOrDefault().body(json, reply, settings.salesChannel(), customerId).toString();
            JsonNode answer = client.postMessage(channel, body);
            return new SendOutcome.Sent(OctopiaDiscussionMapper.text(answer, "messageId"));
        } catch (SourceException e) {
            return SendOutcome.failed(e, null);
        }
    }

    private static String earlierCopy(JsonNode discussion, OutgoingReply reply) {
        Instant notBefore = reply.acceptedAt().minus(CLOCK_SKEW);
        for (JsonNode message : discussion.path("messages")) {
            String sentAt = OctopiaDiscussionMapper.text(message, "createdAt");
            if (OctopiaDiscussionMapper.SELLER.equals(OctopiaDiscussionMapper.text(message.path("sender"), "userType"))
                    && reply.isOurText(OctopiaDiscussionMapper.text(message, "body"))
                    && sentAt != null && !Instant.parse(sentAt).isBefore(notBefore)) {
                return OctopiaDiscussionMapper.text(message, "messageId");
            }
        }
        return null;
    }
}
