package io.omniqueue.channel.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message-ID, In-Reply-To and References values, without their angle brackets. */
final class MessageIds {

    private static final Pattern BRACKETED = Pattern.compile("<([^<>]*)>");

    private MessageIds() {
    }

    /** All ids in header order: the bracketed ones, or, when a mailer forgot the brackets, the bare tokens. */
    static List<String> all(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null) {
            return ids;
        }
        Matcher bracketed = BRACKETED.matcher(header);
        while (bracketed.find()) {
            String id = bracketed.group(1).replaceAll("\\s+", "");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            for (String token : header.strip().split("\\s+")) {
                if (token.contains("@")) {
                    ids.add(token);
                }
            }
        }
        return ids;
    }

    static String first(String header) {
        List<String> ids = all(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /**
     * The stand-in for a mail without Message-ID. Derived from the content only, so the same mail fetched twice
     * gets the same id and is stored once. Carriage returns are left out of the body: IMAP serves CRLF
     * where a file or another server may hold LF, and that must not make it another mail.
     */
    static String synthetic(String sender, String dateHeader, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(String.valueOf(sender == null ? "" : sender).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update((dateHeader == null ? "" : dateHeader.strip()).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            for (byte b : body) {
                if (b != '\r') {
                    sha256.update(b);
                }
            }
            return "synthetic-" + HexFormat.of().formatHex(sha256.digest()) + "@omniqueue.invalid";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
