package io.omniqueue.channel.mail;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.internet.ParseException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A part's Content-Type, read with jakarta.mail when the header is well formed and picked out by pattern when
 * it is not (missing ';', stray quotes, 8-bit parameter values), so that a sloppy header still yields its
 * type, charset and boundary.
 */
record PartType(String mimeType, String charset, String boundary) {

    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
    private static final Pattern TYPE = Pattern.compile("^\\s*(" + TOKEN + ")\\s*/\\s*(" + TOKEN + ")");
    private static final Pattern CHARSET = Pattern.compile("(?i)\\bcharset\\s*=\\s*\"?([^\";\\s]+)");
    private static final Pattern BOUNDARY = Pattern.compile("(?i)\\bboundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");

    static final PartType TEXT_PLAIN = new PartType("text/plain", null, null);

    /** The type a header declares; {@code defaultType} when it is missing, text/plain when it is unreadable. */
    static PartType of(String header, String defaultType) {
        if (header == null || header.isBlank()) {
            return new PartType(defaultType, null, null);
        }
        String value = HeaderText.unfold(header);
        try {
            ContentType type = new ContentType(value);
            return new PartType(type.getBaseType().toLowerCase(Locale.ROOT), type.getParameter("charset"),
                    type.getParameter("boundary"));
        } catch (ParseException | RuntimeException e) {
            return leniently(value);
        }
    }

    private static PartType leniently(String value) {
        Matcher type = TYPE.matcher(value);
        if (!type.find()) {
            // RFC 2045 §5.2: an unreadable Content-Type means plain text.
            return TEXT_PLAIN;
        }
        Matcher charset = CHARSET.matcher(value);
        Matcher boundary = BOUNDARY.matcher(value);
        return new PartType((type.group(1) + "/" + type.group(2)).toLowerCase(Locale.ROOT),
                charset.find() ? charset.group(1) : null,
                boundary.find() ? (boundary.group(1) != null ? boundary.group(1) : boundary.group(2)) : null);
    }

    boolean is(String type) {
        return mimeType.equals(type);
    }

    boolean isMultipart() {
        return mimeType.startsWith("multipart/");
    }

    /** A clean Content-Type for jakarta.mail's multipart parser, which rejects the sloppy originals. */
    String forMultipartParser() {
        ParameterList parameters = new ParameterList();
        if (boundary != null) {
            parameters.set("boundary", boundary);
        }
        int slash = mimeType.indexOf('/');
        return new ContentType(mimeType.substring(0, slash), mimeType.substring(slash + 1), parameters).toString();
    }
}
