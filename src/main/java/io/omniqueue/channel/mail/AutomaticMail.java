package io.omniqueue.channel.mail;

import jakarta.mail.internet.MimePart;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises mail no human wrote (auto-replies, bounces, delivery and read reports): it is kept in the
 * conversation but must never start a response clock, or two auto-responders would keep each other's clocks
 * running forever.
 */
final class AutomaticMail {

    private static final Set<String> AUTOMATIC_PRECEDENCE = Set.of("bulk", "auto_reply", "junk");
    private static final Set<String> SYSTEM_SENDERS = Set.of("mailer-daemon", "postmaster");

    private AutomaticMail() {
    }

    /** Why the mail is automatic, or null when a person wrote it. */
    static String reason(MimePart message, PartType type, String fromAddress, String fromName) {
        String autoSubmitted = Headers.first(message, "Auto-Submitted");
        if (autoSubmitted != null && !firstToken(autoSubmitted).equals("no")) {
            return "Auto-Submitted: " + firstToken(autoSubmitted);
        }
        for (String header : new String[] {"X-Autoreply", "X-Autorespond"}) {
            if (Headers.first(message, header) != null) {
                return header;
            }
        }
        String precedence = Headers.first(message, "Precedence");
        if (precedence != null && AUTOMATIC_PRECEDENCE.contains(firstToken(precedence))) {
            return "Precedence: " + firstToken(precedence);
        }
        if (type.is("multipart/report")) {
            return "multipart/report";
        }
        String sender = fromAddress != null ? fromAddress : fromName;
        if (sender != null) {
            String localPart = sender.split("@", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (SYSTEM_SENDERS.contains(localPart)) {
                return localPart + " sender";
            }
        }
        return null;
    }

    /** "auto-replied (vacation)" and "auto-replied; x=y" both mean auto-replied. */
    private static String firstToken(String value) {
        String token = HeaderText.unfold(value).strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < token.length() && !Character.isWhitespace(token.charAt(end)) && token.charAt(end) != ';'
                && token.charAt(end) != '(') {
            end++;
        }
        return token.substring(0, end);
    }
}
