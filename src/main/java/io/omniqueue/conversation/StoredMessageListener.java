package io.omniqueue.conversation;

/**
 * Told of every message the ingest stores, inside the ingest's transaction and after the
 * conversation was locked: what a listener writes commits with the message or not at all, so an
 * acknowledged message never lacks it. A listener that throws fails the ingest (the route
 * quarantines the payload). Features that build on conversations implement it (customer linking)
 * without the conversation feature knowing them.
 */
@FunctionalInterface
public interface StoredMessageListener {

    void stored(StoredMessage stored);

    /**
     * @param conversationId the conversation the message was stored in
     * @param messageId the new message's id
     * @param message the message as stored (normalized)
     */
    record StoredMessage(long conversationId, long messageId, InboundMessage message) {
    }
}
