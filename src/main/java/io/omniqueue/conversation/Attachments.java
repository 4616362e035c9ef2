package io.omniqueue.conversation;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Inbound messages' files, as stored with their message. */
@Component
public class Attachments {

    private final JdbcClient jdbc;

    Attachments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredAttachment> find(long id) {
        return jdbc.sql("""
                select channel_id, external_attachment_id, name, content_type, stored, content from attachment where id = :id""")
                .param("id", id)
                .query((rs, n) -> new StoredAttachment(rs.getString("channel_id"), rs.getString("external_attachment_id"),
                        rs.getString("name"), rs.getString("content_type"), rs.getBoolean("stored") ? rs.getBytes("content") : null))
                .optional();
    }

    /**
     * @param externalId the source's id of the file, to fetch it on demand
     * @param content the bytes, or null when they were not kept (fetched from the source instead)
     */
    public record StoredAttachment(String channelId, String externalId, String name, String contentType, byte[] content) {
    }
}
