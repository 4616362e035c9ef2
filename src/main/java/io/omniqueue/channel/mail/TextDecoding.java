package io.omniqueue.channel.mail;

import jakarta.mail.internet.MimeUtility;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes to text under a charset label taken from a mail. Never fails: a label Java does not know, or bytes that
 * do not fit the label, are read as UTF-8 when they are valid UTF-8, else in a single-byte fallback charset.
 */
final class TextDecoding {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoding() {
    }

    static String decode(byte[] bytes, String charsetLabel) {
        return decode(bytes, charsetLabel, WINDOWS_1252);
    }

    static String decode(byte[] bytes, String charsetLabel, Charset fallback) {
        String label = charsetLabel == null ? "" : charsetLabel.trim().toLowerCase(Locale.ROOT);
        if (label.equals("utf-7") || label.equals("unicode-1-1-utf-7") || label.equals("x-utf-7")) {
            return Utf7.decode(bytes);
        }
        Charset charset = knownCharset(label);
        // Mailers often declare us-ascii (or nothing) and then send 8-bit text anyway.
        if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
            return utf8OrFallback(bytes, fallback);
        }
        return new String(bytes, charset);
    }

    /** The Java charset for a MIME charset label, or null when Java does not know it. */
    static Charset knownCharset(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        try {
            String javaName = MimeUtility.javaCharset(label.trim());
            return Charset.isSupported(javaName) ? Charset.forName(javaName) : null;
        } catch (IllegalArgumentException e) { // also IllegalCharsetNameException
            return null;
        }
    }

    static String utf8OrFallback(byte[] bytes, Charset fallback) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, fallback);
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
