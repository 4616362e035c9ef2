package io.omniqueue.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.omniqueue.channel.ChannelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The queue's gauges, per configured channel and marketplace, read from {@link QueueFiguresCache}
 * (NaN until the first refresh). Counts are as of the last refresh; ages are measured from the
 * cached instants to the clock at scrape time, so they grow between refreshes.
 *
 * <p>Each channel's own marketplace has its gauges from the start (zeros when nothing waits); a
 * marketplace a channel carries besides (a mailbox's {@code amazon.es}) gets them at the first
 * refresh that finds one of its conversations waiting, and keeps them. Every queue gauge carries
 * both tags, {@code channel} and {@code marketplace}: Prometheus wants one set of tag keys per name.
 */
@Component
class QueueGauges implements MeterBinder {

    private final ChannelRegistry channels;
    private final QueueFiguresCache cache;
    private final Clock clock;
    // Spring Boot binds to one registry (the composite) or to each; a queue found later goes to all of them.
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<QueueFigures.Queue> queues = ConcurrentHashMap.newKeySet();

    QueueGauges(ChannelRegistry channels, QueueFiguresCache cache, Clock clock) {
        this.channels = channels;
        this.cache = cache;
        this.clock = clock;
        channels.all().forEach(channel -> queues.add(new QueueFigures.Queue(channel.id(), channel.marketplace())));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        queues.forEach(queue -> bindQueue(registry, queue));
        // omniqueue.poll.lag is the channel feature's (PollMetrics): registered here too, it was ignored
        // with a warning at every start.
        Gauge.builder("omniqueue.outbox.replies", cache, c -> read(c, f -> f.pendingReplies()))
                .description("Replies in the outbox by status").tag("status", "pending").strongReference(true).register(registry);
        Gauge.builder("omniqueue.outbox.replies", cache, c -> read(c, f -> f.failedReplies()))
                .description("Replies in the outbox by status").tag("status", "failed").strongReference(true).register(registry);
        Gauge.builder("omniqueue.metrics.age", cache, c -> read(c, f -> secondsSince(f.readAt())))
                .description("Time since the queue's figures were read from the database").baseUnit("seconds")
                .strongReference(true).register(registry);
    }

    /** After a refresh: gauges for the marketplaces of configured channels seen waiting for the first time. */
    void follow(QueueFigures figures) {
        for (QueueFigures.Queue queue : figures.queues().keySet()) {
            if (channels.find(queue.channelId()).isPresent() && queues.add(queue)) {
                // Registering an existing gauge again returns it: a bind racing this one does no harm.
                registries.forEach(registry -> bindQueue(registry, queue));
            }
        }
    }

    private void bindQueue(MeterRegistry registry, QueueFigures.Queue queue) {
        gauge(registry, "omniqueue.conversations.open", null, "Conversations waiting for a reply", queue,
                f -> f.waiting(queue).open());
        gauge(registry, "omniqueue.conversations.at.risk", null,
                "Conversations waiting for a reply whose deadline is within the at-risk lead, not yet past", queue,
                f -> f.waiting(queue).atRisk());
        gauge(registry, "omniqueue.conversations.breached", null,
                "Conversations waiting for a reply past their deadline", queue, f -> f.waiting(queue).breached());
        gauge(registry, "omniqueue.oldest.unanswered", "seconds",
                "Age of the oldest running clock among conversations waiting for a reply; 0 when none", queue,
                f -> secondsSince(f.waiting(queue).oldestClockStart()));
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description, QueueFigures.Queue queue,
                       ToDoubleFunction<QueueFigures> value) {
        Gauge.builder(name, cache, c -> read(c, value)).description(description).baseUnit(unit)
                .tag("channel", queue.channelId()).tag("marketplace", queue.marketplace())
                .strongReference(true).register(registry);
    }

    private static double read(QueueFiguresCache cache, ToDoubleFunction<QueueFigures> value) {
        QueueFigures figures = cache.latest();
        return figures == null ? Double.NaN : value.applyAsDouble(figures);
    }

    /** 0 when there is nothing to measure from. */
    private double secondsSince(Instant since) {
        if (since == null) {
            return 0;
        }
        return Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }
}
