package io.omniqueue.channel.mail;

import java.util.Arrays;
import java.util.Objects;

/**
 * One attachment or inline resource of a mail. Big files are only listed ({@code stored} false, {@code content}
 * null) so that one huge attachment cannot fill the database.
 */
public record MailAttachment(String name, String contentType, long sizeBytes, byte[] content, boolean stored) {

    // A record compares arrays by identity; two parses of the same mail must compare equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof MailAttachment that
                && sizeBytes == that.sizeBytes
                && stored == that.stored
                && Objects.equals(name, that.name)
                && Objects.equals(contentType, that.contentType)
                && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, contentType, sizeBytes, stored, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "MailAttachment[name=" + name + ", contentType=" + contentType + ", sizeBytes=" + sizeBytes
                + ", stored=" + stored + "]";
    }
}
