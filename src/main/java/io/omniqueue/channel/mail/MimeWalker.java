package io.omniqueue.channel.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks one mail's MIME tree and sorts the leaves into body text and attachments. Work is bounded for hostile
 * input: nesting deeper than {@link #MAX_DEPTH} and parts beyond {@link #MAX_PARTS} are not read. One instance
 * per mail, so nothing a broken mail leaves behind can reach the next one.
 */
final class MimeWalker {

    static final int MAX_DEPTH = 20;
    static final int MAX_PARTS = 500;

    private static final Pattern FILE_NAME =
            Pattern.compile("(?i)\\b(?:file)?name\\*?\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final Pattern RFC_2231_NAME = Pattern.compile("(?i)name\\*");
    private static final Pattern META_CHARSET =
            Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)");
    private static final int META_SCAN_BYTES = 4096;
    private static final Map<String, String> EXTENSIONS = Map.of(
            "message/rfc822", "eml",
            "text/plain", "txt",
            "text/html", "html",
            "text/calendar", "ics",
            "application/octet-stream", "bin");

    private final long maxStoredAttachmentBytes;
    private final HeaderText headerText;
    private final MimeContent content = new MimeContent();
    private int partsSeen;

    MimeWalker(long maxStoredAttachmentBytes, HeaderText headerText) {
        this.maxStoredAttachmentBytes = maxStoredAttachmentBytes;
        this.headerText = headerText;
    }

    MimeContent walk(MimePart message, PartType type) {
        visit(message, type, 0);
        return content;
    }

    private void visit(MimePart part, PartType type, int depth) {
        if (++partsSeen > MAX_PARTS) {
            return;
        }
        try {
            if (type.isMultipart()) {
                if (depth < MAX_DEPTH) {
                    visitChildren(part, type, depth);
                }
            } else {
                visitLeaf(part, type);
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            // One unreadable part must not cost the sender, subject and the other parts.
        }
    }

    private void visitChildren(MimePart part, PartType type, int depth) throws IOException, MessagingException {
        int budget = MAX_PARTS - partsSeen;
        if (budget <= 0) {
            return;
        }
        MimeMultipart multipart = new LenientMultipart(MultipartBytes.firstParts(rawBytes(part), type, budget));
        int count;
        try {
            count = multipart.getCount();
        } catch (MessagingException | RuntimeException unsplittable) {
            count = 0;
        }
        if (count == 0) {
            // No boundary found: the raw text is still what the sender wrote, so read it as plain text.
            visitLeaf(part, PartType.TEXT_PLAIN);
            return;
        }
        String childDefault = type.is("multipart/digest") ? "message/rfc822" : "text/plain";
        for (int i = 0; i < count && partsSeen < MAX_PARTS; i++) {
            BodyPart child = multipart.getBodyPart(i);
            if (child instanceof MimePart mimeChild) {
                visit(mimeChild, PartType.of(Headers.first(mimeChild, "Content-Type"), childDefault), depth + 1);
            }
        }
    }

    private void visitLeaf(MimePart part, PartType type) throws IOException, MessagingException {
        byte[] data = TransferDecoding.decode(rawBytes(part), Headers.first(part, "Content-Transfer-Encoding"));
        String fileName = fileName(part);
        boolean attachmentDisposition = "attachment".equals(disposition(part));
        boolean bodyText = (type.is("text/plain") || type.is("text/html")) && fileName == null && !attachmentDisposition;
        if (bodyText && type.is("text/plain")) {
            content.addPlain(TextDecoding.decode(data, type.charset()));
        } else if (bodyText) {
            content.addHtml(TextDecoding.decode(data, type.charset() != null ? type.charset() : metaCharset(data)));
        } else {
            String name = fileName != null ? fileName : generatedName(type);
            boolean stored = data.length <= maxStoredAttachmentBytes;
            content.addAttachment(new MailAttachment(name, type.mimeType(), data.length, stored ? data : null, stored));
        }
    }

    /** The decoded file name (RFC 2231 by jakarta.mail, RFC 2047 by us), or null when the part has none. */
    private String fileName(MimePart part) {
        String raw;
        try {
            raw = part.getFileName();
        } catch (MessagingException | RuntimeException malformedHeader) {
            raw = fileNameByPattern(part);
        }
        if (raw == null) {
            return null;
        }
        // An RFC 2231 value (name*=) is already Unicode; only a plain one can hold raw 8-bit bytes to repair.
        String name = isRfc2231(part) ? headerText.decodeLeftoverWords(raw) : headerText.decode(raw);
        name = name.replace("\u0000", "").strip();
        return name.isEmpty() ? null : name;
    }

    private static boolean isRfc2231(MimePart part) {
        for (String headerName : new String[] {"Content-Disposition", "Content-Type"}) {
            String value = Headers.first(part, headerName);
            if (value != null && RFC_2231_NAME.matcher(value).find()) {
                return true;
            }
        }
        return false;
    }

    private static String fileNameByPattern(MimePart part) {
        for (String headerName : new String[] {"Content-Disposition", "Content-Type"}) {
            String value = Headers.first(part, headerName);
            Matcher name = value == null ? null : FILE_NAME.matcher(HeaderText.unfold(value));
            if (name != null && name.find()) {
                return name.group(1) != null ? name.group(1) : name.group(2);
            }
        }
        return null;
    }

    private static String disposition(MimePart part) {
        String value = Headers.first(part, "Content-Disposition");
        if (value == null) {
            return null;
        }
        String first = value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return first.isEmpty() ? null : first;
    }

    /** An HTML part without a charset parameter often declares it in a meta tag instead. */
    private static String metaCharset(byte[] html) {
        String head = new String(html, 0, Math.min(html.length, META_SCAN_BYTES), StandardCharsets.ISO_8859_1);
        Matcher meta = META_CHARSET.matcher(head);
        return meta.find() ? meta.group(1) : null;
    }

    private String generatedName(PartType type) {
        String extension = EXTENSIONS.get(type.mimeType());
        if (extension == null) {
            String subtype = type.mimeType().substring(type.mimeType().indexOf('/') + 1);
            extension = subtype.matches("[a-z0-9]{1,5}") ? subtype : "bin";
        }
        return "attachment-" + (content.attachments().size() + 1) + "." + extension;
    }

    /** The part's content exactly as in the mail, still transfer-encoded: we decode it ourselves, leniently. */
    private static byte[] rawBytes(MimePart part) throws IOException, MessagingException {
        InputStream raw;
        if (part instanceof MimeMessage message) {
            raw = message.getRawInputStream();
        } else if (part instanceof MimeBodyPart bodyPart) {
            raw = bodyPart.getRawInputStream();
        } else {
            return new byte[0];
        }
        try (InputStream in = raw) {
            return in.readAllBytes();
        }
    }
}
