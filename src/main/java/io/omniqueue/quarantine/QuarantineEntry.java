package io.omniqueue.quarantine;

import java.time.Instant;

/** A payload that could not be ingested, with why; {@code resolvedAt} once a retry ingested it. */
public record QuarantineEntry(long id, String channelId, String source, String payload, String reason, int attempts,
                              Instant createdAt, Instant lastAttemptAt, Instant resolvedAt, String resolution) {
}
