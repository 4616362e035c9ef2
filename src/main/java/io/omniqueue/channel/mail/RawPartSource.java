package io.omniqueue.channel.mail;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A part's content exactly as it is in the mail, still transfer-encoded. jakarta.mail's own data source decodes
 * first and fails on unknown transfer encodings; we decode ourselves, leniently.
 */
final class RawPartSource implements DataSource {

    private final MimePart part;
    private final String contentType;

    RawPartSource(MimePart part, String contentType) {
        this.part = part;
        this.contentType = contentType;
    }

    static byte[] rawBytes(MimePart part) throws IOException {
        try (InputStream in = rawStream(part)) {
            return in.readAllBytes();
        }
    }

    private static InputStream rawStream(MimePart part) throws IOException {
        try {
            if (part instanceof MimeMessage message) {
                return message.getRawInputStream();
            }
            if (part instanceof MimeBodyPart bodyPart) {
                return bodyPart.getRawInputStream();
            }
            return new ByteArrayInputStream(new byte[0]);
        } catch (MessagingException e) {
            throw new IOException("part content unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return rawStream(part);
    }

    @Override
    public OutputStream getOutputStream() {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getName() {
        return "mime-part";
    }
}
