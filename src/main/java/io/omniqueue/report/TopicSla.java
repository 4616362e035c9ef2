package io.omniqueue.report;

/**
 * Why customers of one marketplace wrote over a period, and how their messages were answered: one
 * row per (marketplace, topic). The counts mean what they mean in {@link ChannelSla}.
 *
 * @param topic the conversation's reason for writing (an agent's correction when there is one);
 *     {@code other} for conversations the classifier abstained on or has not read
 */
public record TopicSla(String marketplace, String topic, long customerMessages, long answeredWithinContract,
                       long answeredLate, long openPastDeadline, long openWithinDeadline, long noReplyNeeded,
                       Double lateResponseRate) {
}
