package io.omniqueue.sandbox.kaufland;

import java.time.Instant;
import java.util.List;

/**
 * One ticket message as Kaufland keeps it.
 *
 * @param role seller, buyer, customer_service or system
 * @param fileNames names of the files sent with it (ticket_message_files)
 */
public record KauflandMessage(long id, String role, String authorName, String text, Instant createdAt,
                              List<String> fileNames) {

    public KauflandMessage {
        fileNames = fileNames == null ? List.of() : List.copyOf(fileNames);
    }
}
