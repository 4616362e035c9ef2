package io.omniqueue.sandbox.mirakl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Mirakl's date format: ISO-8601 in UTC, always with milliseconds (Instant.toString drops zero millis). */
final class MiraklDates {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private MiraklDates() {
    }

    static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    /** Accepts any ISO-8601 date-time with an offset, since clients are free to send one other than Z. */
    static Instant parse(String text) {
        // A '+' offset arrives as a space when the client did not percent-encode the query string.
        String value = text.trim().replace(' ', '+');
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notUtc) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }

    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
