package io.omniqueue.channel;

/** How a channel's poller stands. */
public enum ChannelState {
    /** Polling on schedule. */
    ACTIVE,
    /** The last poll failed or was rate limited; the next one waits until {@code nextPollAt}. */
    BACKING_OFF,
    /** The marketplace refused the credentials (401/403): polling pauses until an operator resumes it. */
    UNAUTHORIZED
}
