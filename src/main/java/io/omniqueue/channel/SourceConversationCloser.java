package io.omniqueue.channel;

/**
 * Tells the source that the shop closed a conversation (part {@link ConnectorPart#CLOSER}), for
 * marketplaces where an open ticket or discussion keeps counting against the seller (Octopia,
 * Kaufland). Sources without such a notion have no closer; closing then stays inside Omniqueue.
 */
public interface SourceConversationCloser {

    /** The channel kind this closer serves. */
    String kind();

    /**
     * Closes the source's thread. Must be idempotent: the caller may repeat it after a crash or a
     * {@link SendOutcome.RetryLater}.
     *
     * @return {@link SendOutcome.Sent} (closed, or already closed), {@link SendOutcome.RetryLater}
     *     (unreachable, 429, 5xx) or {@link SendOutcome.Rejected} (the source refuses for good,
     *     with its reason, e.g. Kaufland's "non-closable-by-seller")
     */
    SendOutcome close(Channel channel, String externalThreadId);
}
