package io.omniqueue.conversation;

import java.time.Instant;

/** An agent who has the conversation open, and whether they are typing a reply; the lease runs {@code until}. */
public record Presence(String agent, boolean typing, Instant until) {
}
