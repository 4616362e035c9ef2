package io.omniqueue.report;

import java.time.Duration;

/**
 * One channel's figures for one marketplace, in that marketplace's own terms. Every customer
 * message of the period is in exactly one of the five counts, so they add up to {@code customerMessages}.
 *
 * @param channel the channel id
 * @param marketplace whose deadline counts ({@code amazon.es}, {@code carrefour-fr}, {@code shop}): a
 *     mailbox has a row for the shop's own mail and one per Amazon site its buyers wrote from
 * @param contract the contract these messages were judged by; the channel's own policy's when there
 *     were none, or when they were judged by several (see {@link SlaCounts#contract()})
 * @param customerMessages inbound messages that started or would have started the clock
 * @param answeredWithinContract first shop message came no later than the contract after it
 * @param answeredLate first shop message came after the contract
 * @param openPastDeadline not answered and the contract has run out
 * @param openWithinDeadline not answered and the contract has not run out yet
 * @param noReplyNeeded not answered but an agent decided, at or after it, that no reply was needed
 * @param lateResponseRate (answeredLate + openPastDeadline) / (customerMessages - noReplyNeeded),
 *     as Amazon's Late Response Rate counts it; null when nothing is left to judge
 * @param averageResponseSeconds mean time to the first shop message over answered messages, rounded
 *     to the second (Mirakl's operators look at this over 30 days); null when none was answered
 * @param p90ResponseSeconds 90th percentile of the same times, interpolated, rounded to the second
 */
public record ChannelSla(String channel, String marketplace, Duration contract, long customerMessages,
                         long answeredWithinContract, long answeredLate, long openPastDeadline, long openWithinDeadline,
                         long noReplyNeeded, Double lateResponseRate, Long averageResponseSeconds,
                         Long p90ResponseSeconds) {

    static ChannelSla of(String channel, String marketplace, Duration channelContract, SlaCounts counts) {
        long judged = counts.customerMessages() - counts.noReplyNeeded();
        Double rate = judged == 0 ? null : (double) (counts.answeredLate() + counts.openPastDeadline()) / judged;
        return new ChannelSla(channel, marketplace, counts.contract() == null ? channelContract : counts.contract(),
                counts.customerMessages(), counts.answeredWithinContract(), counts.answeredLate(),
                counts.openPastDeadline(), counts.openWithinDeadline(), counts.noReplyNeeded(), rate,
                counts.averageResponseSeconds(), counts.p90ResponseSeconds());
    }
}
