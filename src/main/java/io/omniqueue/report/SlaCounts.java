package io.omniqueue.report;

/** One channel's row of the report query, before the rate is derived from it. */
record SlaCounts(long customerMessages, long answeredWithinContract, long answeredLate, long openPastDeadline,
                 long openWithinDeadline, long noReplyNeeded, Long averageResponseSeconds, Long p90ResponseSeconds) {

    /** A channel without customer messages in the period has no row: all zero, no times. */
    static final SlaCounts NONE = new SlaCounts(0, 0, 0, 0, 0, 0, null, null);
}
