package io.omniqueue.channel;

import java.util.List;

/**
 * The outbound half of a connector: checks a reply against what the destination accepts, and
 * delivers it. One implementation per channel kind.
 */
public interface ReplySender {

    /** The channel kind served, as written in {@code omniqueue.channels[].kind}. */
    String kind();

    /** What is missing or wrong in a channel's settings for this kind; checked at start-up. */
    default List<String> configurationProblems(ChannelSettings settings) {
        return List.of();
    }

    /**
     * The marketplace of a channel of this kind that sets none: the party whose deadline its
     * conversations follow. The shop's own by default; a kind that is one marketplace account
     * per channel (Mirakl) names it after the channel.
     */
    default String defaultMarketplace(ChannelSettings settings) {
        return Marketplace.SHOP;
    }

    /** Reasons the destination would refuse this reply; empty when it is acceptable. */
    List<String> validate(Channel channel, ReplyDraft draft);

    /**
     * Delivers one reply. Must not throw for a failure of the destination: it returns
     * {@link SendOutcome.RetryLater} or {@link SendOutcome.Rejected} instead.
     */
    SendOutcome send(Channel channel, OutgoingReply reply);
}
