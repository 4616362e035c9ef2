package io.omniqueue.conversation;

/**
 * Told when a conversation changes outside the ingest (which tells {@link StoredMessageListener}) in
 * what figures about it are computed from: its thread (a reply's message added, a poll's copy of it
 * giving way, a reply marked undelivered), its no-reply mark, its topic, its marketplace. Called
 * inside the writer's transaction, after the conversation was locked, so what a listener writes
 * commits with the change or not at all. Features that keep such figures (the SLA report's answered
 * customer messages) implement it without this feature knowing them.
 */
public interface ConversationListener {

    void changed(long conversationId);

    /**
     * The conversations of this channel stored under the marketplace {@code shop} now have the
     * channel's own, {@code marketplace} ({@link MarketplaceBackfill}, at start, before the routes).
     */
    void marketplaceMoved(String channelId, String marketplace);
}
