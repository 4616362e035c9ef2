package io.omniqueue.channel.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the raw bytes of one e-mail (RFC 5322, as fetched by IMAP) into a {@link ParsedMail}.
 *
 * <p>Built for what mailboxes really deliver: broken boundaries, truncated parts, bad base64, unknown charsets
 * and raw 8-bit headers still give the sender, the subject and whatever text can be recovered. Only input that
 * is no mail at all is refused, with {@link UnreadableMailException}; nothing else is thrown. Stateless and
 * thread-safe: one instance serves every mailbox.
 */
public final class MailParser {

    private static final Pattern CONVERSATION_TOKEN = Pattern.compile("(?i)\\[#OQ-(\\d{1,18})]");
    private static final Pattern AMAZON_RELAY = Pattern.compile("^[^@\\s]+@marketplace\\.amazon\\.([a-z]{2,}(?:\\.[a-z]{2,})?)$");
    private static final Pattern AMAZON_ORDER_ID = Pattern.compile("(?<!\\d)\\d{3}-\\d{7}-\\d{7}(?!\\d)");

    private final long maxStoredAttachmentBytes;
    // No connection is ever made; jakarta.mail only needs a session to read messages.
    private final Session session = Session.getInstance(new Properties());

    /** @param maxStoredAttachmentBytes attachments bigger than this are listed with their size, not stored */
    public MailParser(long maxStoredAttachmentBytes) {
        this.maxStoredAttachmentBytes = maxStoredAttachmentBytes;
    }

    public ParsedMail parse(byte[] raw) throws UnreadableMailException {
        RawMail mail = RawMail.locate(raw);
        MimeMessage message;
        try {
            message = new MimeMessage(session, mail.headerAndBody());
        } catch (MessagingException | RuntimeException e) {
            throw new UnreadableMailException("the header section cannot be read: " + e.getMessage(), e);
        }
        try {
            return extract(mail, message);
        } catch (RuntimeException e) {
            // Every step below is lenient on its own; this only keeps the promise that nothing else escapes.
            throw new UnreadableMailException("the mail could not be read (" + e + ")", e);
        }
    }

    private ParsedMail extract(RawMail mail, MimeMessage message) {
        PartType type = PartType.of(Headers.first(message, "Content-Type"), "text/plain");
        HeaderText headerText = new HeaderText(headerFallbackCharset(type));
        Addresses addresses = new Addresses(headerText);

        Addresses.Mailbox from = addresses.first(Headers.first(message, "From"));
        String subject = clean(headerText.decode(Headers.first(message, "Subject")));
        String dateHeader = Headers.first(message, "Date");
        String messageId = messageId(headerText.repair(Headers.first(message, "Message-ID")));
        boolean synthetic = messageId == null;
        if (synthetic) {
            messageId = MessageIds.synthetic(from.address(), dateHeader, mail.body());
        }

        MimeContent content = new MimeWalker(maxStoredAttachmentBytes, headerText).walk(message, type);
        String textBody = textBody(content);
        String automaticReason = AutomaticMail.reason(message, type, from.address(), from.name());

        return new ParsedMail(
                messageId,
                synthetic,
                from.address(),
                from.name(),
                addresses.all(Headers.joined(message, "To")),
                subject,
                sentDate(message),
                MessageIds.first(headerText.repair(Headers.first(message, "In-Reply-To"))),
                MessageIds.all(headerText.repair(Headers.first(message, "References"))),
                textBody,
                safeHtml(content),
                content.attachments(),
                automaticReason != null,
                automaticReason,
                conversationToken(subject, textBody),
                amazonRelay(from.address(), subject, textBody));
    }

    /**
     * Raw 8-bit headers that are not UTF-8 were most likely written in the charset of the body; the Western
     * default otherwise. Multi-byte charsets that are not ASCII-compatible cannot be meant for headers.
     */
    private static Charset headerFallbackCharset(PartType type) {
        Charset declared = TextDecoding.knownCharset(type.charset());
        if (declared == null || declared.equals(StandardCharsets.UTF_8) || declared.equals(StandardCharsets.US_ASCII)
                || declared.name().startsWith("UTF-16") || declared.name().startsWith("UTF-32")) {
            return TextDecoding.WINDOWS_1252;
        }
        return declared;
    }

    private static String messageId(String header) {
        String id = MessageIds.first(header);
        if (id == null && header != null && !header.isBlank()) {
            id = header.strip().split("\\s+")[0].replaceAll("[<>]", "");
        }
        return id == null || id.isEmpty() ? null : id;
    }

    private static Instant sentDate(MimeMessage message) {
        try {
            Date date = message.getSentDate();
            return date == null ? null : date.toInstant();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** text/plain when the mail has some, else its HTML as text; several inline parts are read in order. */
    private static String textBody(MimeContent content) {
        String plain = joinClean(content.plainTexts());
        if (!plain.isEmpty() || content.htmlTexts().isEmpty()) {
            return plain;
        }
        List<String> htmlAsText = new ArrayList<>();
        for (String html : content.htmlTexts()) {
            htmlAsText.add(HtmlText.toText(html));
        }
        return joinClean(htmlAsText);
    }

    private static String safeHtml(MimeContent content) {
        if (content.htmlTexts().isEmpty()) {
            return null;
        }
        StringBuilder html = new StringBuilder();
        for (String part : content.htmlTexts()) {
            html.append(HtmlText.sanitize(part));
        }
        return html.toString();
    }

    private static String joinClean(List<String> texts) {
        List<String> kept = new ArrayList<>();
        for (String text : texts) {
            String cleaned = clean(text.replace("\r\n", "\n"));
            if (cleaned != null) {
                kept.add(cleaned);
            }
        }
        return String.join("\n\n", kept);
    }

    /** Stripped, null when empty. NUL characters are dropped: PostgreSQL text columns refuse them. */
    private static String clean(String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.replace("\u0000", "").strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static Long conversationToken(String subject, String textBody) {
        for (String text : new String[] {subject, textBody}) {
            Matcher token = text == null ? null : CONVERSATION_TOKEN.matcher(text);
            if (token != null && token.find()) {
                return Long.parseLong(token.group(1));
            }
        }
        return null;
    }

    private static AmazonRelay amazonRelay(String fromAddress, String subject, String textBody) {
        Matcher relay = fromAddress == null ? null : AMAZON_RELAY.matcher(fromAddress);
        if (relay == null || !relay.matches()) {
            return null;
        }
        String orderId = null;
        for (String text : new String[] {subject, textBody}) {
            Matcher order = text == null ? null : AMAZON_ORDER_ID.matcher(text);
            if (order != null && order.find()) {
                orderId = order.group();
                break;
            }
        }
        return new AmazonRelay(fromAddress, relay.group(1), orderId);
    }
}
