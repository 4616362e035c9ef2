package io.omniqueue.sla;

import java.time.Instant;

/**
 * The response deadlines of one message.
 *
 * @param contractDueAt when the marketplace contract is breached; never null
 * @param internalDueAt when the internal target is missed; {@code null} when there is none
 */
public record Deadlines(Instant contractDueAt, Instant internalDueAt) {

    /** @throws IllegalArgumentException if {@code contractDueAt} is null */
    public Deadlines {
        if (contractDueAt == null) {
            throw new IllegalArgumentException("contract deadline is required");
        }
    }

    /** The deadline to work against: the earlier of the two, or the contract one alone. */
    public Instant dueAt() {
        return internalDueAt != null && internalDueAt.isBefore(contractDueAt)
                ? internalDueAt
                : contractDueAt;
    }
}
