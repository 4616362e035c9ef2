package io.omniqueue.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code omniqueue_alerts_sent_total{kind, channel}}: for the alerting to call after each alert it sent. */
@Component
public class AlertMetrics {

    /** The channel tag of an alert about no particular channel (e.g. the outbox). */
    public static final String NO_CHANNEL = "none";

    private final MeterRegistry registry;

    AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param kind what the alert was about, e.g. {@code at-risk}, {@code breached}, {@code channel-down}
     * @param channelId the channel it was about, or null
     */
    public void alertSent(String kind, String channelId) {
        Counter.builder("omniqueue.alerts.sent")
                .description("Alerts sent, by kind and channel")
                .tag("kind", kind == null ? "unknown" : kind)
                .tag("channel", channelId == null ? NO_CHANNEL : channelId)
                .register(registry)
                .increment();
    }
}
