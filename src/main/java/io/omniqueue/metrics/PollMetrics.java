package io.omniqueue.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code omniqueue_poll_duration_seconds{channel}}: one Mirakl poll run that called the source,
 * or one mail read from a mailbox (camel-mail owns the mailbox poll loop; the mail ingestor sees
 * one mail at a time).
 */
@Component
public class PollMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    PollMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs {@code poll} and records how long it took, whether it returned or threw. */
    public void record(String channelId, Runnable poll) {
        timers.computeIfAbsent(channelId == null ? "unknown" : channelId, id -> Timer.builder("omniqueue.poll.duration")
                .description("Duration of a channel's poll run (Mirakl) or of reading one mail (mailbox)")
                .tag("channel", id).register(registry)).record(poll);
    }
}
