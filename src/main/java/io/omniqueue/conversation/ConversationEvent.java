package io.omniqueue.conversation;

import java.time.Instant;

/** One line of a conversation's audit trail; {@code actor} is the agent or token, or {@code omniqueue} itself. */
public record ConversationEvent(long id, Instant at, String actor, ConversationEventKind kind, String detail) {
}
