package io.omniqueue.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * What the database said at one refresh: the gauges read this, never the database.
 *
 * @param readAt when it was read (the clock's "now" the at-risk and breached counts are measured against)
 * @param queues per channel and marketplace, its conversations waiting for a reply; absent when none
 */
record QueueFigures(Instant readAt, Map<Queue, Waiting> queues, long pendingReplies, long failedReplies) {

    QueueFigures {
        queues = Map.copyOf(queues);
    }

    Waiting waiting(Queue queue) {
        return queues.getOrDefault(queue, Waiting.NONE);
    }

    /** The conversations of one channel for one marketplace: what the queue gauges are tagged with. */
    record Queue(String channelId, String marketplace) {
    }

    /**
     * The NEEDS_REPLY conversations of one channel.
     *
     * @param atRisk due within the at-risk lead, not yet past due
     * @param breached past due
     * @param oldestClockStart the earliest clock start among them, null when none
     */
    record Waiting(long open, long atRisk, long breached, Instant oldestClockStart) {

        static final Waiting NONE = new Waiting(0, 0, 0, null);
    }
}
