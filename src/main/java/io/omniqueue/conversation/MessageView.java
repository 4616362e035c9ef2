package io.omniqueue.conversation;

import java.time.Instant;
import java.util.List;

public record MessageView(long id, Direction direction, AuthorRole authorRole, String author, String body, Instant sentAt,
                          List<AttachmentView> attachments) {

    /** A file of a message; {@code GET /api/attachments/{id}} fetches it. */
    public record AttachmentView(long id, String name, Long sizeBytes, String contentType) {
    }
}
