package io.omniqueue.channel.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header values to Unicode. jakarta.mail hands header values over byte for byte (one char per byte), so raw
 * 8-bit text is repaired here: valid UTF-8 is read as UTF-8, anything else in the mail's fallback charset.
 * Encoded words (RFC 2047) are decoded leniently: unknown charsets, UTF-7, 8-bit bytes inside a word and words
 * glued to text are all common in real mail, and jakarta.mail's decoder leaves such words undecoded.
 */
final class HeaderText {

    // Spaces are allowed in the payload because some mailers never encode them; '?' still ends it.
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*)\\?=");
    private static final Pattern FOLD = Pattern.compile("\\r?\\n|\\r");

    private final Charset fallback;

    HeaderText(Charset fallback) {
        this.fallback = fallback;
    }

    /** A raw header value as Unicode text, unfolded, encoded words decoded. */
    String decode(String raw) {
        return raw == null ? null : decodeWords(unfold(raw), true);
    }

    /**
     * A raw header value with its 8-bit text repaired but its encoded words kept, for structured headers
     * (addresses) whose syntax must be parsed before words are decoded.
     */
    String repair(String raw) {
        if (raw == null) {
            return null;
        }
        String unfolded = unfold(raw);
        StringBuilder out = new StringBuilder(unfolded.length());
        Matcher word = ENCODED_WORD.matcher(unfolded);
        int last = 0;
        while (word.find()) {
            out.append(repairText(unfolded.substring(last, word.start()))).append(word.group());
            last = word.end();
        }
        return out.append(repairText(unfolded.substring(last))).toString();
    }

    /** Decodes the encoded words a library left as they were; the text around them is already Unicode. */
    String decodeLeftoverWords(String text) {
        return text == null ? null : decodeWords(text, false);
    }

    private String decodeWords(String text, boolean repairText) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher word = ENCODED_WORD.matcher(text);
        int last = 0;
        boolean previousWasWord = false;
        while (word.find()) {
            String between = text.substring(last, word.start());
            // RFC 2047 §6.2: blanks between two adjacent encoded words are not part of the text.
            if (!(previousWasWord && between.isBlank())) {
                out.append(repairText ? repairText(between) : between);
            }
            out.append(decodeWord(word.group(1), word.group(2), word.group(3)));
            previousWasWord = true;
            last = word.end();
        }
        String tail = text.substring(last);
        return out.append(repairText ? repairText(tail) : tail).toString();
    }

    /** The decoded text of one encoded word. */
    private String decodeWord(String charsetLabel, String encoding, String payload) {
        // RFC 2231 lets a language follow the charset: =?utf-8*fr?Q?...?=
        int languageStart = charsetLabel.indexOf('*');
        String charset = languageStart >= 0 ? charsetLabel.substring(0, languageStart) : charsetLabel;
        byte[] bytes = encoding.equalsIgnoreCase("B")
                ? TransferDecoding.base64(payload.getBytes(StandardCharsets.ISO_8859_1))
                : qDecode(payload);
        return TextDecoding.decode(bytes, charset, fallback);
    }

    /**
     * RFC 2047 §4.2 "Q" decoding, done here rather than by {@code MimeUtility.decodeWord}: that one looks up a
     * service provider on every call (a subject of many words then takes seconds) and rejects the whole word
     * for one bad escape, which we keep as written instead.
     */
    private static byte[] qDecode(String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length());
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '=' && i + 2 < payload.length()) {
                int high = Character.digit(payload.charAt(i + 1), 16);
                int low = Character.digit(payload.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    out.write(high << 4 | low);
                    i += 2;
                    continue;
                }
            }
            out.write(c == '_' ? ' ' : c); // chars are bytes here: raw 8-bit stays as it came
        }
        return out.toByteArray();
    }

    private String repairText(String text) {
        boolean eightBit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                return text; // already Unicode, nothing to repair
            }
            eightBit |= c >= 0x80;
        }
        return eightBit ? TextDecoding.utf8OrFallback(text.getBytes(StandardCharsets.ISO_8859_1), fallback) : text;
    }

    static String unfold(String raw) {
        return FOLD.matcher(raw).replaceAll("");
    }
}
