package io.omniqueue.channel;

/** Fetches an inbound attachment's bytes from the source on demand. One per channel kind that lists files. */
public interface AttachmentSource {

    String kind();

    Download fetch(Channel channel, String externalAttachmentId, String name);

    record Download(String name, String contentType, byte[] content) {
    }
}
