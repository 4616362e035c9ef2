package io.omniqueue.channel;

import java.time.Instant;
import java.util.List;

/**
 * A reply on its way out.
 *
 * @param replyId our id, which receivers can use to drop a re-delivery
 * @param conversationId the conversation answered
 * @param externalThreadId the source's thread the reply answers
 * @param body the text
 * @param attempt 1 for the first try; above 1 the previous try may have reached the source
 * @param acceptedAt when the agent sent it (a copy found at the source after this is ours)
 * @param files attachments
 * @param sendMarker what this sender noted at the source before an earlier attempt, or null
 */
public record OutgoingReply(long replyId, long conversationId, String externalThreadId, String body, int attempt, Instant acceptedAt,
                            List<File> files, String sendMarker) {

    public OutgoingReply {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Whether a message text found at the source is this reply's (spaces around it aside): a copy of an earlier attempt. */
    public boolean isOurText(String text) {
        return body.strip().equals(String.valueOf(text).strip());
    }

    public record File(String name, String contentType, byte[] content) {
    }
}
