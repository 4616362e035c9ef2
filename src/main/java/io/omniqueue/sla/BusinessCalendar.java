package io.omniqueue.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Opening hours of a seller's team in one time zone, used to count business time.
 *
 * <p>Business time is real elapsed time inside the day's ranges: on a daylight-saving change day
 * a range 01:00-04:00 in Europe/Paris lasts 2 h (spring forward) or 4 h (fall back). Range
 * bounds that fall in a DST gap resolve forward, in an overlap to the earlier offset, as
 * {@link java.time.ZonedDateTime#of} does. Holidays are dates in {@code zone}.
 *
 * @param zone time zone the hours and holidays are expressed in
 * @param hours ranges per day of week; days absent or empty are closed
 * @param holidays dates on which no business time elapses
 */
public record BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<TimeRange>> hours,
                               Set<LocalDate> holidays) {

    // Roughly ten years: far beyond any real gap between openings, small enough to fail fast
    // when a calendar is open on paper but never in practice (e.g. every date a holiday).
    private static final int MAX_DAYS_SEARCHED = 3_700;

    /**
     * @throws IllegalArgumentException on a null argument or element, overlapping ranges on the
     *     same day, or a calendar without any range (a deadline would never come)
     */
    public BusinessCalendar {
        if (zone == null || hours == null || holidays == null) {
            throw new IllegalArgumentException("business calendar needs a zone, hours and holidays"
                    + " (use an empty set for no holidays)");
        }
        if (holidays.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("holidays contain a null date");
        }
        hours = normalised(hours);
        holidays = Set.copyOf(holidays);
    }

    /**
     * A calendar of whole working days (00:00-24:00 in {@code zone}) on {@code workingDays},
     * holidays excluded: a marketplace contract counted "in working days". A DST change on a
     * working day makes that day 23 or 25 h long, as everywhere in this class.
     */
    public static BusinessCalendar wholeDays(ZoneId zone, Set<DayOfWeek> workingDays, Set<LocalDate> holidays) {
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        TimeRange wholeDay = new TimeRange(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT);
        workingDays.forEach(day -> hours.put(day, List.of(wholeDay)));
        return new BusinessCalendar(zone, hours, holidays);
    }

    /**
     * The instant at which {@code amount} of business time has elapsed since {@code start}.
     *
     * <p>Counting begins at {@code start} if it is business time, otherwise at the next range
     * start. Consequently a {@link Duration#ZERO} amount returns {@code start} when it is
     * business time and the next business-time start otherwise. A deadline that uses up a range
     * exactly is that range's end, not the next opening.
     *
     * @throws IllegalArgumentException if an argument is null or {@code amount} is negative
     * @throws IllegalStateException if the amount cannot be reached within about ten years
     */
    public Instant addBusinessTime(Instant start, Duration amount) {
        if (start == null || amount == null) {
            throw new IllegalArgumentException("start and amount are required");
        }
        if (amount.isNegative()) {
            throw new IllegalArgumentException("business time to add must not be negative: " + amount);
        }
        Instant cursor = start;
        Duration remaining = amount;
        // Start a day early: a range of the previous date can still be running at start
        // (24:00 ends, or midnight resolved forward out of a DST gap).
        LocalDate day = localDate(start).minusDays(1);
        for (int searched = 0; searched < MAX_DAYS_SEARCHED; searched++, day = day.plusDays(1)) {
            for (TimeRange range : rangesOn(day)) {
                Instant from = later(range.startOn(day, zone), cursor);
                Instant to = range.endOn(day, zone);
                // A range squeezed to nothing (or inverted) by a DST gap holds no time.
                if (!to.isAfter(from)) {
                    continue;
                }
                Duration available = Duration.between(from, to);
                if (remaining.compareTo(available) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(available);
                // Moving the cursor stops DST-shifted ranges that overlap in real time from
                // counting the same hour twice.
                cursor = to;
            }
        }
        throw new IllegalStateException("no business time found within " + MAX_DAYS_SEARCHED
                + " days after " + start + " in " + zone + "; are all dates holidays?");
    }

    /** Whether {@code t} lies inside a business-time range (start inclusive, end exclusive). */
    public boolean isBusinessTime(Instant t) {
        if (t == null) {
            throw new IllegalArgumentException("instant is required");
        }
        LocalDate date = localDate(t);
        for (LocalDate day = date.minusDays(1); !day.isAfter(date); day = day.plusDays(1)) {
            for (TimeRange range : rangesOn(day)) {
                if (!t.isBefore(range.startOn(day, zone)) && t.isBefore(range.endOn(day, zone))) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<TimeRange> rangesOn(LocalDate day) {
        return holidays.contains(day) ? List.of() : hours.getOrDefault(day.getDayOfWeek(), List.of());
    }

    private LocalDate localDate(Instant t) {
        return t.atZone(zone).toLocalDate();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Map<DayOfWeek, List<TimeRange>> normalised(Map<DayOfWeek, List<TimeRange>> hours) {
        Map<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        hours.forEach((day, ranges) -> {
            if (day == null || ranges == null || ranges.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("business hours contain a null day or range: " + hours);
            }
            List<TimeRange> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparing(TimeRange::start));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                    throw new IllegalArgumentException("overlapping business hours on " + day + ": "
                            + sorted.get(i - 1) + " and " + sorted.get(i));
                }
            }
            if (!sorted.isEmpty()) {
                copy.put(day, List.copyOf(sorted));
            }
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("business calendar has no hours on any day;"
                    + " a business-time deadline would never come");
        }
        return Map.copyOf(copy);
    }
}
