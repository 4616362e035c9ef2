package io.omniqueue.channel;

import io.omniqueue.sla.SlaPolicy;
import java.util.Map;

/**
 * A configured channel with its settings checked and its SLA policies built.
 *
 * @param settings what every channel has
 * @param kindSettings the kind's own settings (a {@code MiraklSettings}, a {@code MailSettings}...)
 * @param marketplace the marketplace of its conversations unless a message names another
 * @param policy the channel's own policy
 * @param otherPolicies policies some of its conversations follow instead, by key
 *     ({@code amazon}: Amazon buyer messages in a shop mailbox)
 */
public record Channel(ChannelSettings settings, Object kindSettings, String marketplace, SlaPolicy policy,
                      Map<String, SlaPolicy> otherPolicies) {

    public static final String AMAZON_POLICY = "amazon";

    public Channel {
        otherPolicies = otherPolicies == null ? Map.of() : Map.copyOf(otherPolicies);
    }

    public String id() {
        return settings.id();
    }

    public String kind() {
        return settings.kind();
    }

    /** The kind's own settings, as the connector that declared the type reads them. */
    public <S> S settings(Class<S> type) {
        if (!type.isInstance(kindSettings)) {
            throw new IllegalStateException("channel '" + id() + "' of kind '" + kind() + "' has no " + type.getSimpleName());
        }
        return type.cast(kindSettings);
    }

    /** The policy of a conversation: the one named by its key, else the channel's. */
    public SlaPolicy policy(String key) {
        return key == null ? policy : otherPolicies.getOrDefault(key, policy);
    }
}
