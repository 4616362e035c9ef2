package io.omniqueue.report;

import java.time.LocalDate;

/**
 * One UTC day of the daily SLA series: the customer messages sent that day, judged as the report
 * judges them (contract per channel and policy, first delivered shop message at or after it).
 *
 * @param customerMessages customer messages sent that day that started or would have started the clock
 * @param late answered after the contract, or unanswered with the contract run out
 * @param lateResponseRate late / (customerMessages - noReplyNeeded); null when nothing is left to judge
 * @param medianResponseSeconds median time to the first shop message over that day's answered
 *     messages, interpolated, rounded to the second; null when none was answered
 */
public record SlaDay(LocalDate day, long customerMessages, long late, Double lateResponseRate,
                     Long medianResponseSeconds) {

    static SlaDay empty(LocalDate day) {
        return new SlaDay(day, 0, 0, null, null);
    }
}
