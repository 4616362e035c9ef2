package io.omniqueue.channel;

import io.omniqueue.sla.SlaPolicy;
import java.util.Map;

/**
 * A configured channel with its settings checked and its SLA policies built.
 *
 * @param policy the channel's own policy
 * @param otherPolicies policies some of its conversations follow instead, by key
 *     ({@code amazon}: Amazon buyer messages in a shop mailbox)
 */
public record Channel(ChannelSettings settings, SlaPolicy policy, Map<String, SlaPolicy> otherPolicies) {

    public static final String AMAZON_POLICY = "amazon";

    public Channel {
        otherPolicies = otherPolicies == null ? Map.of() : Map.copyOf(otherPolicies);
    }

    public Channel(ChannelSettings settings, SlaPolicy policy) {
        this(settings, policy, Map.of());
    }

    public String id() {
        return settings.id();
    }

    public String kind() {
        return settings.kind();
    }

    /** The policy of a conversation: the one named by its key, else the channel's. */
    public SlaPolicy policy(String key) {
        return key == null ? policy : otherPolicies.getOrDefault(key, policy);
    }
}
