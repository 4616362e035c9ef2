package io.omniqueue.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a seller has to answer a message.
 *
 * @param contract the marketplace's deadline; strictly positive. Counted wall-clock (every hour
 *     counts, weekends and holidays included: Amazon's 24 h rule) unless a contract calendar is set
 * @param internal optional stricter business-time target; {@code null} when there is none
 * @param contractCalendar optional: the days on which the contract runs (Kaufland's "48 hours in
 *     working days"); {@code null} for wall-clock
 */
public record SlaPolicy(Duration contract, InternalTarget internal, BusinessCalendar contractCalendar) {

    /** @throws IllegalArgumentException if the contract is null or not positive */
    public SlaPolicy {
        if (contract == null || contract.isNegative() || contract.isZero()) {
            throw new IllegalArgumentException("contract duration must be positive: " + contract);
        }
    }

    /** A wall-clock contract with an optional internal target. */
    public SlaPolicy(Duration contract, InternalTarget internal) {
        this(contract, internal, null);
    }

    /** A policy with only the marketplace contract and no internal target. */
    public static SlaPolicy wallClock(Duration contract) {
        return new SlaPolicy(contract, null);
    }

    /**
     * Deadlines for a response clock started at {@code clockStartedAt}.
     *
     * @throws IllegalArgumentException if {@code clockStartedAt} is null
     * @throws IllegalStateException if a calendar never opens (see
     *     {@link BusinessCalendar#addBusinessTime})
     */
    public Deadlines deadlinesFor(Instant clockStartedAt) {
        if (clockStartedAt == null) {
            throw new IllegalArgumentException("clock start instant is required");
        }
        Instant contractDue = contractCalendar == null
                ? clockStartedAt.plus(contract)
                : contractCalendar.addBusinessTime(clockStartedAt, contract);
        Instant internalDue = internal == null
                ? null
                : internal.calendar().addBusinessTime(clockStartedAt, internal.target());
        return new Deadlines(contractDue, internalDue);
    }
}
