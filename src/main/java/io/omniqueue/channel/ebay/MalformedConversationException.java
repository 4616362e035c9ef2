package io.omniqueue.channel.ebay;

/** A conversation from getConversation that can't be read; it goes to quarantine and the page goes on. */
class MalformedConversationException extends RuntimeException {

    MalformedConversationException(String reason) {
        super(reason);
    }
}
