package io.omniqueue.sla.watch;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts the alert mails sent, by kind and channel ({@code omniqueue_alerts_sent_total}). */
@Component
class AlertCounter {

    private final MeterRegistry registry;

    AlertCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(String kind, String channelId) {
        registry.counter("omniqueue.alerts.sent", "kind", kind, "channel", channelId == null ? "none" : channelId).increment();
    }
}
