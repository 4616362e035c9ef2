package io.omniqueue.conversation;

public class ConversationNotFoundException extends RuntimeException {

    public ConversationNotFoundException(long id) {
        super("conversation " + id + " does not exist");
    }
}
