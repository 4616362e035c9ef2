package io.omniqueue.channel.mail;

import jakarta.mail.util.SharedByteArrayInputStream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The input bytes, checked to look like a mail at all, with the offsets of the header section and the body.
 * jakarta.mail accepts anything (a PNG becomes a mail with one odd header), so the "is this a mail" decision
 * is made here, on the first line.
 */
record RawMail(byte[] bytes, int start, int bodyStart) {

    private static final int EXCERPT_LENGTH = 40;

    static RawMail locate(byte[] raw) throws UnreadableMailException {
        if (raw == null || raw.length == 0) {
            throw new UnreadableMailException("empty input: there are no bytes to read as a mail");
        }
        int start = skipByteOrderMark(raw);
        // Mailbox exports (mbox) put an envelope line "From sender date" before the real headers.
        if (startsWith(raw, start, "From ")) {
            start = nextLine(raw, start);
        }
        if (start >= raw.length || isBlank(raw, start)) {
            throw new UnreadableMailException("not an e-mail: the input has no header section");
        }
        if (!startsWithHeaderField(raw, start)) {
            throw new UnreadableMailException("not an e-mail: the first line is not a header field (it starts with \""
                    + excerpt(raw, start) + "\")");
        }
        return new RawMail(raw, start, findBodyStart(raw, start));
    }

    InputStream headerAndBody() {
        // Shared so that jakarta.mail slices parts out of this array instead of copying each level of nesting.
        return new SharedByteArrayInputStream(bytes, start, bytes.length - start);
    }

    byte[] body() {
        return Arrays.copyOfRange(bytes, bodyStart, bytes.length);
    }

    private static int skipByteOrderMark(byte[] raw) {
        boolean bom = raw.length >= 3 && (raw[0] & 0xFF) == 0xEF && (raw[1] & 0xFF) == 0xBB && (raw[2] & 0xFF) == 0xBF;
        return bom ? 3 : 0;
    }

    private static boolean startsWith(byte[] raw, int offset, String prefix) {
        byte[] expected = prefix.getBytes(StandardCharsets.US_ASCII);
        if (raw.length - offset < expected.length) {
            return false;
        }
        return Arrays.equals(raw, offset, offset + expected.length, expected, 0, expected.length);
    }

    private static int nextLine(byte[] raw, int offset) {
        for (int i = offset; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return raw.length;
    }

    private static boolean isBlank(byte[] raw, int offset) {
        for (int i = offset; i < raw.length; i++) {
            if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\r' && raw[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 field name (printable ASCII except ':'), then the obsolete optional blanks, then ':'. */
    private static boolean startsWithHeaderField(byte[] raw, int offset) {
        int i = offset;
        while (i < raw.length && raw[i] >= 0x21 && raw[i] <= 0x7E && raw[i] != ':') {
            i++;
        }
        if (i == offset) {
            return false;
        }
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t')) {
            i++;
        }
        return i < raw.length && raw[i] == ':';
    }

    /** Just after the first empty line (LF or CRLF), or the end when the mail has headers only. */
    private static int findBodyStart(byte[] raw, int offset) {
        for (int i = offset; i < raw.length; i++) {
            if (raw[i] != '\n') {
                continue;
            }
            int next = i + 1;
            if (next < raw.length && raw[next] == '\n') {
                return next + 1;
            }
            if (next + 1 < raw.length && raw[next] == '\r' && raw[next + 1] == '\n') {
                return next + 2;
            }
        }
        return raw.length;
    }

    private static String excerpt(byte[] raw, int offset) {
        StringBuilder out = new StringBuilder();
        for (int i = offset; i < raw.length && i < offset + EXCERPT_LENGTH; i++) {
            int b = raw[i] & 0xFF;
            if (b == '\r' || b == '\n') {
                break;
            }
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return out.toString();
    }
}
