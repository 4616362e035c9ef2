package io.omniqueue.channel;

import io.omniqueue.sla.SlaPolicy;
import java.util.Map;

/**
 * A configured channel with its settings checked and its SLA policies built.
 *
 * @param policy the channel's own policy
 * @param otherPolicies policies some of its conversations follow instead, by key
 *     ({@code amazon}: Amazon buyer messages in a shop mailbox)
 * @param marketplace the marketplace of its conversations, unless a message names another (an
 *     Amazon buyer's mail in the shop mailbox): its {@code marketplace} setting or its kind's default
 */
public record Channel(ChannelSettings settings, SlaPolicy policy, Map<String, SlaPolicy> otherPolicies,
                      String marketplace) {

    public static final String AMAZON_POLICY = "amazon";

    public Channel {
        otherPolicies = otherPolicies == null ? Map.of() : Map.copyOf(otherPolicies);
        marketplace = marketplace == null ? Marketplace.SHOP : marketplace;
    }

    /** A channel whose marketplace is its setting, else the shop's. */
    public Channel(ChannelSettings settings, SlaPolicy policy, Map<String, SlaPolicy> otherPolicies) {
        this(settings, policy, otherPolicies, settings.marketplace());
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
