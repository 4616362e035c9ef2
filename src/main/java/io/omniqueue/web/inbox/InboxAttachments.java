package io.omniqueue.web.inbox;

import io.omniqueue.channel.AttachmentSource;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.ConnectorPart;
import io.omniqueue.channel.ConnectorParts;
import io.omniqueue.channel.SourceException;
import io.omniqueue.conversation.Attachments;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * A customer's file for a signed-in agent: the kept bytes, or the source's on demand. Always a
 * download ({@code attachment}), never shown inline: a customer's HTML or SVG file must not run
 * on our origin. The name goes through {@link ContentDisposition}, which encodes it (RFC 6266).
 */
@Component
class InboxAttachments {

    private final Attachments attachments;
    private final ChannelRegistry channels;
    private final ConnectorParts parts;

    InboxAttachments(Attachments attachments, ChannelRegistry channels, ConnectorParts parts) {
        this.attachments = attachments;
        this.channels = channels;
        this.parts = parts;
    }

    ResponseEntity<byte[]> download(long attachmentId) {
        Attachments.StoredAttachment row = attachments.find(attachmentId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (row.content() != null) {
            return file(row.name(), row.contentType(), row.content());
        }
        var channel = channels.find(row.channelId()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "channel '" + row.channelId() + "' is no longer configured"));
        if (!channels.kinds().get(channel.kind()).parts().contains(ConnectorPart.ATTACHMENT_SOURCE)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "this file was not kept (larger than the channel stores)");
        }
        AttachmentSource source = parts.part(channel.kind(), ConnectorPart.ATTACHMENT_SOURCE, AttachmentSource.class);
        try {
            AttachmentSource.Download file = source.fetch(channel, row.externalId(), row.name());
            return file(row.name(), file.contentType(), file.content());
        } catch (SourceException.Refused e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the marketplace no longer has this file");
        } catch (SourceException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "the marketplace did not deliver the file");
        }
    }

    private static ResponseEntity<byte[]> file(String name, String contentType, byte[] content) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType == null ? "application/octet-stream" : contentType);
        } catch (InvalidMediaTypeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name == null ? "file" : name, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(content);
    }
}
