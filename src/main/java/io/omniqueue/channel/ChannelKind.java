package io.omniqueue.channel;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connector's declaration of itself: one bean per kind, in the connector's own package. A kind
 * exists because this bean exists; nothing shared lists the kinds. Its settings are bound from
 * the same entry of {@code omniqueue.channels} as the common ones, so operators write one block.
 *
 * @param <S> the kind's own settings, a record bound from the channel's entry
 */
public interface ChannelKind<S> {

    /** The name written in {@code omniqueue.channels[].kind}. */
    String name();

    /** The record the kind's own keys of a channel entry bind to. */
    Class<S> settingsType();

    /** The parts this connector has; a start-up check holds it to them. */
    Set<ConnectorPart> parts();

    /** What is missing or wrong in a channel's own settings, each naming the key; checked at start-up. */
    default List<String> problems(S settings) {
        return List.of();
    }

    /**
     * Policies some of the channel's conversations follow instead of the channel's, by key (a shop
     * mailbox carries Amazon's messages, whose deadline is Amazon's).
     */
    default Map<String, SlaSettings> otherPolicies(S settings) {
        return Map.of();
    }

    /** The marketplace whose deadline counts for this channel's conversations, unless a message says otherwise. */
    default String defaultMarketplace(ChannelSettings common) {
        return Marketplace.SHOP;
    }

    /**
     * What a channel of this kind shows beside its poll state in {@code /api/channels}, under
     * {@code details} (eBay: its daily call budget); nothing by default.
     */
    default Map<String, Object> details(Channel channel) {
        return Map.of();
    }
}
