package io.omniqueue.reply;

/** A reply that could not be delivered, its conversation waiting for an answer again. */
public record FailedReply(long id, String channelId, long conversationId, String lastError) {
}
