package io.omniqueue.quarantine;

import java.time.Instant;

/**
 * One operator retry of a quarantine entry, kept whatever its outcome.
 *
 * @param correction      the corrected payload this retry sent; null when it sent an earlier payload again
 * @param replayedRetryId when {@code correction} is null: the retry whose correction was sent again,
 *                        or null when the original payload was
 * @param detail          why it was refused, or where it was ingested
 */
public record RetryAttempt(long id, Instant attemptedAt, String attemptedBy, String correction, Long replayedRetryId,
                           Outcome outcome, String detail) {

    public enum Outcome {
        INGESTED, REFUSED
    }
}
