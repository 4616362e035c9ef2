package io.omniqueue.reply;

/** {@code basedOnMessageId} names no message of the conversation. */
public class BasedOnUnknownMessageException extends RuntimeException {

    BasedOnUnknownMessageException(long conversationId, long messageId) {
        super("basedOnMessageId " + messageId + " is not a message of conversation " + conversationId);
    }
}
