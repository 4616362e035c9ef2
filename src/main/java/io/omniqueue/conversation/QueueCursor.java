package io.omniqueue.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Keyset position in the queue order (due time, nulls last, then id). A position, not an
 * offset, so a page never repeats or skips a conversation because others were inserted.
 */
record QueueCursor(Instant dueAt, long id) {

    String encode() {
        String raw = (dueAt == null ? "-" : dueAt.toString()) + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static QueueCursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.lastIndexOf('|');
            String due = raw.substring(0, bar);
            return new QueueCursor("-".equals(due) ? null : Instant.parse(due), Long.parseLong(raw.substring(bar + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeParseException e) {
            throw new InvalidCursorException("'after' is not a cursor returned by this API: " + token);
        }
    }
}
