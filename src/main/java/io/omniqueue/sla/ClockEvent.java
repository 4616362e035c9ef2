package io.omniqueue.sla;

import java.time.Instant;
import java.util.Objects;

/**
 * One message as the clock sees it.
 *
 * @param at when the message was sent
 * @param effect what it does to the clock
 * @param waitingSince when the source says the customer started waiting, if it says so (Mirakl's
 *     {@code shop_reply_needed_since}); otherwise {@code at} counts
 */
public record ClockEvent(Instant at, ClockEffect effect, Instant waitingSince) {

    public ClockEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(effect, "effect");
    }

    public static ClockEvent of(Instant at, ClockEffect effect) {
        return new ClockEvent(at, effect, null);
    }

    Instant startsAt() {
        return waitingSince != null && waitingSince.isBefore(at) ? waitingSince : at;
    }
}
