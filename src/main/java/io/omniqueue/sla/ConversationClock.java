package io.omniqueue.sla;

import java.time.Instant;
import java.util.Collection;

/**
 * The response clock of one conversation, derived from its whole history rather than updated
 * step by step, so that messages arriving out of order (a late poll, a re-delivered mail) still
 * give the same answer.
 *
 * <p>Rules (ARCHITECTURE.md §2): the oldest customer message after the last stop starts the
 * clock and later follow-ups don't move it; a shop message stops it; "no reply needed" stops it
 * at the moment the agent decided; a customer message after a stop starts it again.
 */
public final class ConversationClock {

    private ConversationClock() {
    }

    /**
     * @param events the conversation's messages, in any order
     * @param noReplyNeededAt when an agent last marked the conversation "no reply needed", or null
     */
    public static ClockState evaluate(Collection<ClockEvent> events, Instant noReplyNeededAt) {
        Instant lastShopMessage = null;
        for (ClockEvent event : events) {
            if (event.effect() == ClockEffect.STOPS && (lastShopMessage == null || event.at().isAfter(lastShopMessage))) {
                lastShopMessage = event.at();
            }
        }
        Instant lastStop = latest(lastShopMessage, noReplyNeededAt);
        Instant startedAt = null;
        for (ClockEvent event : events) {
            // A customer message sent at the very instant of a stop counts as answered by it.
            boolean unanswered = lastStop == null || event.at().isAfter(lastStop);
            if (event.effect() == ClockEffect.STARTS && unanswered) {
                Instant start = event.startsAt();
                if (startedAt == null || start.isBefore(startedAt)) {
                    startedAt = start;
                }
            }
        }
        boolean byAgent = noReplyNeededAt != null
                && (lastShopMessage == null || !noReplyNeededAt.isBefore(lastShopMessage));
        return new ClockState(startedAt != null, startedAt, startedAt == null && byAgent);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
