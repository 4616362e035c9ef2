package io.omniqueue.conversation;

/**
 * A file attached to an inbound message, listed but not downloaded: the bytes stay at the
 * source and are fetched on demand ({@code GET /api/attachments/{id}}).
 *
 * @param externalId the source's id of the file, unique per channel
 * @param sizeBytes as the source says, or null
 * @param contentType as the source says, or null
 */
public record InboundAttachment(String externalId, String name, Long sizeBytes, String contentType) {
}
