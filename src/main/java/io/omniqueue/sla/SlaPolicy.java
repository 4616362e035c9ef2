package io.omniqueue.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a seller has to answer a message.
 *
 * @param contract the marketplace's deadline, counted wall-clock: every hour counts, weekends
 *     and holidays included (Amazon's 24 h rule); strictly positive
 * @param internal optional stricter business-time target; {@code null} when there is none
 */
public record SlaPolicy(Duration contract, InternalTarget internal) {

    /** @throws IllegalArgumentException if the contract is null or not positive */
    public SlaPolicy {
        if (contract == null || contract.isNegative() || contract.isZero()) {
            throw new IllegalArgumentException("contract duration must be positive: " + contract);
        }
    }

    /** A policy with only the marketplace contract and no internal target. */
    public static SlaPolicy wallClock(Duration contract) {
        return new SlaPolicy(contract, null);
    }

    /**
     * Deadlines for a response clock started at {@code clockStartedAt}.
     *
     * @throws IllegalArgumentException if {@code clockStartedAt} is null
     * @throws IllegalStateException if the internal calendar never opens (see
     *     {@link BusinessCalendar#addBusinessTime})
     */
    public Deadlines deadlinesFor(Instant clockStartedAt) {
        if (clockStartedAt == null) {
            throw new IllegalArgumentException("clock start instant is required");
        }
        Instant contractDue = clockStartedAt.plus(contract);
        Instant internalDue = internal == null
                ? null
                : internal.calendar().addBusinessTime(clockStartedAt, internal.target());
        return new Deadlines(contractDue, internalDue);
    }
}
