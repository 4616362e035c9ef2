package io.omniqueue.channel;

/**
 * A reply on its way out.
 *
 * @param replyId our id, which receivers can use to drop a re-delivery
 * @param externalThreadId the source's thread the reply answers
 * @param body the text
 * @param attempt 1 for the first try
 */
public record OutgoingReply(long replyId, String externalThreadId, String body, int attempt) {
}
