package io.omniqueue.channel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code omniqueue_poll_duration_seconds{channel}}: one poll of a channel's source, whatever the
 * connector; {@code omniqueue_poll_lag_seconds{channel}}: how long since the channel's last good
 * poll (read from its cursor row, so every node shows the same figure whichever node polls).
 */
@Component
class PollMetrics {

    private final MeterRegistry registry;
    private final ChannelCursorStore cursors;
    private final Clock clock;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    PollMetrics(MeterRegistry registry, ChannelCursorStore cursors, ChannelRegistry channels, Clock clock) {
        this.registry = registry;
        this.cursors = cursors;
        this.clock = clock;
        for (Channel channel : channels.all()) {
            if (channels.isPolled(channel)) {
                Gauge.builder("omniqueue.poll.lag", () -> lagSeconds(channel.id()))
                        .description("Seconds since the channel's last successful poll (NaN before the first)")
                        .baseUnit("seconds").tag("channel", channel.id()).register(registry);
            }
        }
    }

    void recordPoll(String channelId, long nanos) {
        timers.computeIfAbsent(channelId, id -> Timer.builder("omniqueue.poll.duration")
                .description("Duration of one poll of a channel's source")
                .tag("channel", id).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private double lagSeconds(String channelId) {
        return cursors.find(channelId)
                .filter(cursor -> cursor.lastSuccessAt() != null)
                .map(cursor -> (double) Duration.between(cursor.lastSuccessAt(), clock.instant()).toMillis() / 1000)
                .orElse(Double.NaN);
    }
}
