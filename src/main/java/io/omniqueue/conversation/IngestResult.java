package io.omniqueue.conversation;

/**
 * What {@code direct:ingest} did with a message: stored it, recognised a duplicate, or put it
 * in quarantine (then {@code conversationId} is null and {@code quarantineId} says where).
 */
public record IngestResult(Long conversationId, Long messageId, boolean duplicate, Long quarantineId) {

    public static IngestResult stored(long conversationId, long messageId) {
        return new IngestResult(conversationId, messageId, false, null);
    }

    public static IngestResult duplicateOf(long conversationId) {
        return new IngestResult(conversationId, null, true, null);
    }

    public static IngestResult quarantined(long quarantineId) {
        return new IngestResult(null, null, false, quarantineId);
    }

    public boolean isQuarantined() {
        return quarantineId != null;
    }
}
