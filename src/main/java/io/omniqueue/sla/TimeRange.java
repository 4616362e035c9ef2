package io.omniqueue.sla;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A half-open span of wall-clock time within one day, {@code [start, end)}.
 *
 * <p>An {@code end} of {@link LocalTime#MIDNIGHT} means the end of the day (24:00), so
 * {@code 18:00-24:00} and {@code 00:00-24:00} are expressible. For {@code start} midnight is
 * always the beginning of the day.
 */
public record TimeRange(LocalTime start, LocalTime end) {

    private static final String EXPECTED_FORM = "HH:mm-HH:mm";
    private static final Pattern FORMAT =
            Pattern.compile("\\s*(\\d{2}:\\d{2})\\s*-\\s*(\\d{2}:\\d{2})\\s*");

    /**
     * @throws IllegalArgumentException if a bound is null or {@code start} is not before
     *     {@code end} (an {@code end} of midnight counts as 24:00)
     */
    public TimeRange {
        if (start == null || end == null) {
            throw new IllegalArgumentException("time range needs both a start and an end, got "
                    + start + "-" + end);
        }
        if (!endsAtEndOfDay(end) && !start.isBefore(end)) {
            throw new IllegalArgumentException("time range start " + start
                    + " must be before its end " + end);
        }
    }

    /**
     * Parses {@code "09:00-12:30"}; whitespace around the parts is tolerated and
     * {@code "24:00"} is accepted as an end meaning end of day.
     *
     * @throws IllegalArgumentException naming the text and the expected form when it cannot be
     *     read or describes an empty or reversed range
     */
    public static TimeRange parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("time range text is null; expected " + EXPECTED_FORM);
        }
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw invalid(text, "");
        }
        String endText = matcher.group(2);
        // "00:00" as an end is ambiguous (start or end of day?); only "24:00" means end of day.
        if (endText.equals("00:00")) {
            throw invalid(text, " (write 24:00 for the end of the day)");
        }
        try {
            LocalTime start = LocalTime.parse(matcher.group(1));
            LocalTime end = endText.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(endText);
            return new TimeRange(start, end);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw invalid(text, ": " + e.getMessage());
        }
    }

    /** Whether this range runs to the end of the day (written 24:00). */
    public boolean endsAtEndOfDay() {
        return endsAtEndOfDay(end);
    }

    // The bounds go through ZonedDateTime.of so that DST gaps and overlaps resolve as java.time
    // does; the range's real length on a DST day therefore differs from its wall-clock length.
    Instant startOn(LocalDate date, ZoneId zone) {
        return ZonedDateTime.of(date, start, zone).toInstant();
    }

    Instant endOn(LocalDate date, ZoneId zone) {
        return endsAtEndOfDay()
                ? ZonedDateTime.of(date.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
                : ZonedDateTime.of(date, end, zone).toInstant();
    }

    boolean overlaps(TimeRange later) {
        return endsAtEndOfDay() || end.isAfter(later.start);
    }

    @Override
    public String toString() {
        return start + "-" + (endsAtEndOfDay() ? "24:00" : end.toString());
    }

    private static boolean endsAtEndOfDay(LocalTime end) {
        return LocalTime.MIDNIGHT.equals(end);
    }

    private static IllegalArgumentException invalid(String text, String detail) {
        return new IllegalArgumentException("invalid time range \"" + text + "\", expected "
                + EXPECTED_FORM + detail);
    }
}
