package io.omniqueue.web;

import io.omniqueue.channel.AttachmentSource;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.SourceException;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Streams an inbound attachment from its source when an agent opens it. */
@RestController
class AttachmentController {

    private final JdbcClient jdbc;
    private final ChannelRegistry channels;
    private final List<AttachmentSource> sources;

    AttachmentController(JdbcClient jdbc, ChannelRegistry channels, List<AttachmentSource> sources) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.sources = sources;
    }

    @GetMapping("/api/attachments/{id}")
    ResponseEntity<byte[]> download(@PathVariable long id) {
        Row row = jdbc.sql("select channel_id, external_attachment_id, name from attachment where id = :id").param("id", id)
                .query((rs, n) -> new Row(rs.getString("channel_id"), rs.getString("external_attachment_id"), rs.getString("name")))
                .optional().orElseThrow(() -> new NotFoundException("attachment " + id + " does not exist"));
        var channel = channels.find(row.channelId())
                .orElseThrow(() -> new NotFoundException("channel '" + row.channelId() + "' is no longer configured"));
        AttachmentSource source = sources.stream().filter(s -> s.kind().equals(channel.kind())).findFirst()
                .orElseThrow(() -> new NotFoundException("channel kind '" + channel.kind() + "' keeps no attachments"));
        AttachmentSource.Download file;
        try {
            file = source.fetch(channel, row.externalId(), row.name());
        } catch (SourceException.Refused e) {
            throw new NotFoundException("the marketplace no longer has this attachment: " + e.getMessage());
        } catch (SourceException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "the marketplace did not deliver the file: " + e.getMessage());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType() == null ? "application/octet-stream" : file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(row.name(),
                        java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(file.content());
    }

    private record Row(String channelId, String externalId, String name) {
    }
}
