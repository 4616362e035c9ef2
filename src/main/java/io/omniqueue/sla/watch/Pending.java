package io.omniqueue.sla.watch;

import java.time.Instant;

/** A deadline alert claimed for sending, with what its mail says of the conversation. */
record Pending(long id, long conversationId, String channelId, long leadSeconds, Instant dueAt,
                       Instant clockStartedAt, String status, Instant currentStart, String subject, String customerName,
                       String orderId) {
}
