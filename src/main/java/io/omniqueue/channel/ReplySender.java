package io.omniqueue.channel;

import java.util.List;

/**
 * The outbound half of a connector: checks a reply against what the destination accepts, and
 * delivers it. One implementation per channel kind.
 */
public interface ReplySender {

    /** The channel kind served, as written in {@code omniqueue.channels[].kind}. */
    String kind();

    /**
     * The longest reply body the destination takes, in characters, when it has such a limit: the
     * inbox counts down to it as the agent types.
     */
    default java.util.OptionalInt maxBodyLength(Channel channel) {
        return java.util.OptionalInt.empty();
    }

    /** Reasons the destination would refuse this reply; empty when it is acceptable. */
    List<String> validate(Channel channel, ReplyDraft draft);

    /**
     * Delivers one reply. Must not throw for a failure of the destination: it returns
     * {@link SendOutcome.RetryLater} or {@link SendOutcome.Rejected} instead.
     */
    SendOutcome send(Channel channel, OutgoingReply reply);
}
