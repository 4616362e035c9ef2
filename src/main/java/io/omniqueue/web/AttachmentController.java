package io.omniqueue.web;

import io.omniqueue.channel.AttachmentSource;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.Attachments;
import io.omniqueue.channel.SourceException;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Streams an inbound attachment from its source when an agent opens it. */
@RestController
class AttachmentController {

    private final Attachments attachments;
    private final ChannelRegistry channels;
    private final List<AttachmentSource> sources;

    AttachmentController(Attachments attachments, ChannelRegistry channels, List<AttachmentSource> sources) {
        this.attachments = attachments;
        this.channels = channels;
        this.sources = sources;
    }

    @GetMapping("/api/attachments/{id}")
    ResponseEntity<byte[]> download(@PathVariable long id) {
        Attachments.StoredAttachment row = attachments.find(id)
                .orElseThrow(() -> new NotFoundException("attachment " + id + " does not exist"));
        if (row.content() != null) {
            return file(row.name(), row.contentType(), row.content());
        }
        var channel = channels.find(row.channelId())
                .orElseThrow(() -> new NotFoundException("channel '" + row.channelId() + "' is no longer configured"));
        AttachmentSource source = sources.stream().filter(s -> s.kind().equals(channel.kind())).findFirst()
                .orElseThrow(() -> new NotFoundException("attachment " + id + " was not kept: it was larger than channel '"
                        + channel.id() + "' stores (max-attachment-bytes)"));
        AttachmentSource.Download file;
        try {
            file = source.fetch(channel, row.externalId(), row.name());
        } catch (SourceException.Refused e) {
            throw new NotFoundException("the marketplace no longer has this attachment: " + e.getMessage());
        } catch (SourceException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "the marketplace did not deliver the file: " + e.getMessage());
        }
        return file(row.name(), file.contentType(), file.content());
    }

    private static ResponseEntity<byte[]> file(String name, String contentType, byte[] content) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType == null ? "application/octet-stream" : contentType);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name,
                        java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(content);
    }

}
