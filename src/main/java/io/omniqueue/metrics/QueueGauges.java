package io.omniqueue.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.ChannelRouteTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The queue's gauges, per configured channel, read from {@link QueueFiguresCache} (NaN until the
 * first refresh). Counts are as of the last refresh; ages are measured from the cached instants
 * to the clock at scrape time, so they grow between refreshes.
 */
@Component
class QueueGauges implements MeterBinder {

    private final ChannelRegistry channels;
    private final Set<String> polledKinds;
    private final QueueFiguresCache cache;
    private final Clock clock;

    QueueGauges(ChannelRegistry channels, List<ChannelRouteTemplate> templates, QueueFiguresCache cache, Clock clock) {
        this.channels = channels;
        this.polledKinds = templates.stream().map(ChannelRouteTemplate::kind).collect(Collectors.toSet());
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Channel channel : channels.all()) {
            String id = channel.id();
            gauge(registry, "omniqueue.conversations.open", null, "Conversations waiting for a reply", id,
                    f -> f.waiting(id).open());
            gauge(registry, "omniqueue.conversations.at.risk", null,
                    "Conversations waiting for a reply whose deadline is within the at-risk lead, not yet past", id,
                    f -> f.waiting(id).atRisk());
            gauge(registry, "omniqueue.conversations.breached", null,
                    "Conversations waiting for a reply past their deadline", id, f -> f.waiting(id).breached());
            gauge(registry, "omniqueue.oldest.unanswered", "seconds",
                    "Age of the oldest running clock among conversations waiting for a reply; 0 when none", id,
                    f -> secondsSince(f.waiting(id).oldestClockStart(), 0));
            if (polledKinds.contains(channel.kind())) {
                gauge(registry, "omniqueue.poll.lag", "seconds", "Time since the channel's last successful poll; NaN before the first",
                        id, f -> secondsSince(f.lastSuccessAt().get(id), Double.NaN));
            }
        }
        Gauge.builder("omniqueue.outbox.replies", cache, c -> read(c, f -> f.pendingReplies()))
                .description("Replies in the outbox by status").tag("status", "pending").strongReference(true).register(registry);
        Gauge.builder("omniqueue.outbox.replies", cache, c -> read(c, f -> f.failedReplies()))
                .description("Replies in the outbox by status").tag("status", "failed").strongReference(true).register(registry);
        Gauge.builder("omniqueue.metrics.age", cache, c -> read(c, f -> secondsSince(f.readAt(), 0)))
                .description("Time since the queue's figures were read from the database").baseUnit("seconds")
                .strongReference(true).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description, String channelId,
                       ToDoubleFunction<QueueFigures> value) {
        Gauge.builder(name, cache, c -> read(c, value)).description(description).baseUnit(unit)
                .tag("channel", channelId).strongReference(true).register(registry);
    }

    private static double read(QueueFiguresCache cache, ToDoubleFunction<QueueFigures> value) {
        QueueFigures figures = cache.latest();
        return figures == null ? Double.NaN : value.applyAsDouble(figures);
    }

    private double secondsSince(Instant since, double whenNone) {
        if (since == null) {
            return whenNone;
        }
        return Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }
}
