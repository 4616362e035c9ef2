package io.omniqueue.report;

import java.time.Duration;

/**
 * One (channel, marketplace) row of the report query, before the rate is derived from it.
 *
 * @param contract the contract its customer messages were judged by; null when they were judged
 *     by several (conversations of one marketplace under different policies)
 */
record SlaCounts(Duration contract, long customerMessages, long answeredWithinContract, long answeredLate,
                 long openPastDeadline, long openWithinDeadline, long noReplyNeeded, Long averageResponseSeconds,
                 Long p90ResponseSeconds) {

    /** A marketplace without customer messages in the period has no row: all zero, no times. */
    static final SlaCounts NONE = new SlaCounts(null, 0, 0, 0, 0, 0, 0, null, null);
}
