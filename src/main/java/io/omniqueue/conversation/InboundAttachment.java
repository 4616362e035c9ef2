package io.omniqueue.conversation;

/**
 * A file attached to an inbound message. Marketplace files are only listed (the bytes stay at
 * the source, fetched on demand); mail files come with their bytes, up to a size limit.
 *
 * @param externalId the source's id of the file, unique per channel
 * @param sizeBytes as the source says, or null
 * @param contentType as the source says, or null
 * @param content the bytes when they are to be kept here, else null
 */
public record InboundAttachment(String externalId, String name, Long sizeBytes, String contentType, byte[] content) {

    /** A file listed by the source, fetched from it on demand. */
    public InboundAttachment(String externalId, String name, Long sizeBytes, String contentType) {
        this(externalId, name, sizeBytes, contentType, null);
    }
}
