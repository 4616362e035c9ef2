package io.omniqueue.sla;

import java.time.Duration;

/**
 * The seller's own, stricter response target, counted in business time only.
 *
 * @param target business time allowed; strictly positive
 * @param calendar the hours during which the target clock runs
 */
public record InternalTarget(Duration target, BusinessCalendar calendar) {

    /** @throws IllegalArgumentException if an argument is null or the target is not positive */
    public InternalTarget {
        if (target == null || calendar == null) {
            throw new IllegalArgumentException("internal target needs a duration and a calendar");
        }
        if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException("internal target must be positive: " + target);
        }
    }
}
