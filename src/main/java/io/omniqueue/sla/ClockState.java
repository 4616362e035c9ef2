package io.omniqueue.sla;

import java.time.Instant;

/**
 * The outcome of a clock evaluation.
 *
 * @param running whether a customer is waiting for an answer
 * @param startedAt when the oldest unanswered customer message started waiting; null when stopped
 * @param stoppedByNoReplyNeeded whether the last thing that stopped the clock was an agent's
 *     "no reply needed" rather than a shop message
 */
public record ClockState(boolean running, Instant startedAt, boolean stoppedByNoReplyNeeded) {
}
