package io.omniqueue.channel.mail;

import jakarta.activation.DataSource;
import jakarta.mail.util.SharedByteArrayInputStream;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of one multipart, handed to jakarta.mail's multipart parser, cut after a given number of parts.
 * The parser builds every part eagerly, and each part costs jakarta.mail a service-provider lookup, so a hostile
 * mail of tens of thousands of empty parts would take seconds; cutting before parsing keeps the work bounded.
 * Passing raw bytes also keeps jakarta.mail from decoding the transfer encoding, which it does strictly.
 */
final class MultipartBytes implements DataSource {

    private final byte[] bytes;
    private final int length;
    private final String contentType;

    private MultipartBytes(byte[] bytes, int length, String contentType) {
        this.bytes = bytes;
        this.length = length;
        this.contentType = contentType;
    }

    /** {@code body} holding at most {@code maxParts} parts; the parser accepts the missing close delimiter. */
    static MultipartBytes firstParts(byte[] body, PartType type, int maxParts) {
        String boundary = type.boundary() != null ? type.boundary() : firstDelimiterBoundary(body);
        int length = boundary == null ? body.length : startOfDelimiter(body, boundary, maxParts + 1);
        return new MultipartBytes(body, length, type.forMultipartParser());
    }

    /** Where the n-th delimiter line starts, or the end of the body when there are fewer. */
    private static int startOfDelimiter(byte[] body, String boundary, int n) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int seen = 0;
        for (int lineStart = 0; lineStart < body.length; lineStart = nextLine(body, lineStart)) {
            if (startsWith(body, lineStart, delimiter) && ++seen == n) {
                return lineStart;
            }
        }
        return body.length;
    }

    /** Without a boundary parameter the parser takes the first "--" line as delimiter; so do we. */
    private static String firstDelimiterBoundary(byte[] body) {
        for (int lineStart = 0; lineStart < body.length; lineStart = nextLine(body, lineStart)) {
            if (startsWith(body, lineStart, new byte[] {'-', '-'})) {
                String line = new String(body, lineStart + 2, nextLine(body, lineStart) - lineStart - 2,
                        StandardCharsets.ISO_8859_1).strip();
                return line.isEmpty() ? null : line;
            }
        }
        return null;
    }

    private static int nextLine(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i + 1;
            }
        }
        return body.length;
    }

    private static boolean startsWith(byte[] body, int offset, byte[] prefix) {
        if (body.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public InputStream getInputStream() {
        // Shared: the parts are slices of this array, not copies.
        return new SharedByteArrayInputStream(bytes, 0, length);
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
        return "multipart-body";
    }
}
