package io.omniqueue.conversation;

import java.time.Instant;

public record MessageView(long id, Direction direction, AuthorRole authorRole, String author, String body, Instant sentAt) {
}
