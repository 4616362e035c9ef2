package io.omniqueue.channel.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * Undoes a Content-Transfer-Encoding without ever giving up. jakarta.mail throws on a single bad base64 character
 * or on labels like "8-bit"; real mailboxes hold both, and the readable rest of such a part still matters.
 */
final class TransferDecoding {

    private TransferDecoding() {
    }

    static byte[] decode(byte[] raw, String transferEncoding) {
        String encoding = normalise(transferEncoding);
        switch (encoding) {
            case "base64":
                return base64(raw);
            case "quoted-printable":
            case "uuencode":
            case "x-uuencode":
            case "x-uue":
                return withJakartaMail(raw, encoding);
            default:
                // 7bit, 8bit, binary, and unknown labels ("8-bit", "6bit"): the bytes are the content.
                return raw;
        }
    }

    /** Skips everything outside the base64 alphabet and stops at padding, keeping every complete byte. */
    static byte[] base64(byte[] raw) {
        StringBuilder clean = new StringBuilder(raw.length);
        for (byte b : raw) {
            if (b == '=') {
                break;
            }
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/') {
                clean.append((char) b);
            }
        }
        if (clean.length() % 4 == 1) {
            clean.setLength(clean.length() - 1);
        }
        return Base64.getDecoder().decode(clean.toString());
    }

    private static byte[] withJakartaMail(byte[] raw, String encoding) {
        try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(raw), encoding)) {
            return in.readAllBytes();
        } catch (IOException | MessagingException | RuntimeException e) {
            return raw;
        }
    }

    private static String normalise(String transferEncoding) {
        if (transferEncoding == null) {
            return "";
        }
        String value = transferEncoding.trim().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < value.length() && !Character.isWhitespace(value.charAt(end)) && value.charAt(end) != ';'
                && value.charAt(end) != '(') {
            end++;
        }
        return value.substring(0, end);
    }
}
