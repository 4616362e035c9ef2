package io.omniqueue.conversation;

/**
 * Told when the outbox changes a conversation's thread (the ingest tells {@link StoredMessageListener}):
 * a reply's message added, a poll's copy of it giving way, a reply marked undelivered. Called inside
 * the writer's transaction, after the conversation was locked, so what a listener writes commits with
 * the change or not at all. Features that keep figures about a thread (the SLA report's answered
 * customer messages) implement it without this feature knowing them.
 */
@FunctionalInterface
public interface ThreadListener {

    void threadChanged(long conversationId);
}
