package io.omniqueue.quarantine;

/** The entry was already ingested or discarded: there is nothing left to retry or discard. */
public class QuarantineEntryClosedException extends RuntimeException {

    QuarantineEntryClosedException(QuarantineEntry entry) {
        super(entry.status() == QuarantineEntry.Status.DISCARDED
                ? "quarantine entry " + entry.id() + " was discarded at " + entry.discardedAt() + " by "
                        + entry.discardedBy() + " (" + entry.discardReason() + ")"
                : "quarantine entry " + entry.id() + " was already ingested at " + entry.resolvedAt() + " ("
                        + entry.resolution() + ")");
    }
}
