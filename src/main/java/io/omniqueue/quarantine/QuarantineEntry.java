package io.omniqueue.quarantine;

import java.time.Instant;
import java.util.List;

/**
 * A payload that could not be ingested. {@code payload} and {@code reason} are those of the first
 * failure and never change; {@code retries} lists every retry since, oldest first, with the
 * correction it tried and its outcome. {@code attempts} counts the first failure and the retries.
 */
public record QuarantineEntry(long id, String channelId, String source, Status status, String payload, String reason,
                             int attempts, Instant createdAt, Instant lastAttemptAt, Instant resolvedAt,
                             String resolution, Instant discardedAt, String discardedBy, String discardReason,
                             List<RetryAttempt> retries) {

    public enum Status {
        /** Waiting for a retry or a discard. */
        OPEN,
        /** A retry ingested it. */
        RESOLVED,
        /** An operator gave up on it, with a reason. */
        DISCARDED
    }

    QuarantineEntry withRetries(List<RetryAttempt> all) {
        return new QuarantineEntry(id, channelId, source, status, payload, reason, attempts, createdAt, lastAttemptAt,
                resolvedAt, resolution, discardedAt, discardedBy, discardReason, List.copyOf(all));
    }
}
