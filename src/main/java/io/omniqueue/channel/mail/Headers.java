package io.omniqueue.channel.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;

/** Raw header values, null when absent or unreadable: a broken header must never cost the rest of the mail. */
final class Headers {

    private Headers() {
    }

    /** The first value of the header (mails sometimes repeat From or Subject; the first one counts). */
    static String first(MimePart part, String name) {
        try {
            String[] values = part.getHeader(name);
            return values == null || values.length == 0 ? null : values[0];
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** All values of a list header (To may be repeated), joined with commas. */
    static String joined(MimeMessage message, String name) {
        try {
            return message.getHeader(name, ",");
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }
}
