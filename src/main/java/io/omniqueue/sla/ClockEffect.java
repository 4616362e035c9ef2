package io.omniqueue.sla;

/** What one message does to a conversation's response clock. */
public enum ClockEffect {
    /** A customer message that needs an answer: starts the clock unless it is already running. */
    STARTS,
    /** A shop message (sent through us or typed at the source): stops the clock. */
    STOPS,
    /** Shown in the conversation, no effect on the clock (auto-replies, informational notes). */
    NONE
}
