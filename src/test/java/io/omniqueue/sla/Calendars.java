package io.omniqueue.sla;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fixtures shared by the tests; everything happens in Europe/Paris. */
final class Calendars {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final LocalDate CHRISTMAS_2026 = LocalDate.of(2026, 12, 25);

    private Calendars() {
    }

    static Instant paris(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), PARIS).toInstant();
    }

    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    static BusinessCalendar weekdays(Set<LocalDate> holidays, String... ranges) {
        return new BusinessCalendar(PARIS, days(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, ranges), holidays);
    }

    static BusinessCalendar everyDay(String... ranges) {
        return new BusinessCalendar(PARIS, days(DayOfWeek.MONDAY, DayOfWeek.SUNDAY, ranges), Set.of());
    }

    private static Map<DayOfWeek, List<TimeRange>> days(DayOfWeek from, DayOfWeek to, String... ranges) {
        List<TimeRange> parsed = Arrays.stream(ranges).map(TimeRange::parse).toList();
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        for (int d = from.getValue(); d <= to.getValue(); d++) {
            hours.put(DayOfWeek.of(d), parsed);
        }
        return hours;
    }
}
