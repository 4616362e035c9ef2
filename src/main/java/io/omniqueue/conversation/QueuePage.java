package io.omniqueue.conversation;

import java.util.List;

/** One page of the queue; {@code next} is the opaque cursor of the following page, null at the end. */
public record QueuePage(List<ConversationView> items, String next) {
}
