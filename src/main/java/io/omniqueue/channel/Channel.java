package io.omniqueue.channel;

import io.omniqueue.sla.SlaPolicy;

/** A configured channel with its settings checked and its SLA policy built. */
public record Channel(ChannelSettings settings, SlaPolicy policy) {

    public String id() {
        return settings.id();
    }

    public String kind() {
        return settings.kind();
    }
}
