package io.omniqueue.reply;

import java.time.Instant;

public record ReplyView(long id, long conversationId, ReplyStatus status, int attempts, String lastError,
                        String externalMessageId, Instant nextAttemptAt, Instant createdAt, Instant sentAt) {
}
