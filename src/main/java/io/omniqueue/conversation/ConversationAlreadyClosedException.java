package io.omniqueue.conversation;

/** Closing a conversation that is closed already: nothing to do, and nothing to tell the source again. */
public class ConversationAlreadyClosedException extends RuntimeException {

    public ConversationAlreadyClosedException(long conversationId) {
        super("conversation " + conversationId + " is closed already; it opens again when the customer writes");
    }
}
