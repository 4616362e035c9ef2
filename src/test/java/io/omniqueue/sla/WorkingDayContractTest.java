package io.omniqueue.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kaufland's "48 hours (working days)": the contract counted on whole working days of the storefront's country. */
class WorkingDayContractTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration FORTY_EIGHT_HOURS = Duration.ofHours(48);

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private static SlaPolicy kaufland(Set<LocalDate> holidays) {
        return new SlaPolicy(FORTY_EIGHT_HOURS, null,
                BusinessCalendar.wholeDays(BERLIN, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), holidays));
    }

    @Test
    void fridayAfternoonPlusFortyEightWorkingHoursIsTuesdayAfternoon() {
        // Friday 2026-11-20 15:00: 9 h on Friday, 24 h on Monday, 15 h on Tuesday.
        assertThat(kaufland(Set.of()).deadlinesFor(berlin("2026-11-20T15:00")).contractDueAt())
                .isEqualTo(berlin("2026-11-24T15:00"));
    }

    @Test
    void aHolidayDoesNotCount() {
        // Thursday 2026-12-24 10:00; the 25th (Friday) is a holiday, then the weekend, the 28th (Monday) counts.
        Set<LocalDate> christmas = Set.of(LocalDate.parse("2026-12-25"));
        assertThat(kaufland(christmas).deadlinesFor(berlin("2026-12-24T10:00")).contractDueAt())
                .isEqualTo(berlin("2026-12-29T10:00"));
    }

    @Test
    void germanPublicHolidaysComeFromTheHolidayLibrary() {
        Set<LocalDate> german = PublicHolidays.of("de", 2026, 2026);
        assertThat(german).contains(LocalDate.parse("2026-10-03"), LocalDate.parse("2026-12-25"),
                LocalDate.parse("2026-12-26"), LocalDate.parse("2026-04-03"), LocalDate.parse("2026-04-06"));
        // Wednesday 2026-04-01 12:00: Good Friday (3rd) and Easter Monday (6th) are holidays.
        assertThat(kaufland(german).deadlinesFor(berlin("2026-04-01T12:00")).contractDueAt())
                .isEqualTo(berlin("2026-04-07T12:00"));
    }

    @Test
    void aDaylightSavingChangeOverTheWeekendKeepsTheLocalHour() {
        // Summer time ends on Sunday 2026-10-25: Friday 15:00 CEST is due Tuesday 15:00 CET, 73 h later in real time.
        Instant start = berlin("2026-10-23T15:00");
        Instant due = kaufland(Set.of()).deadlinesFor(start).contractDueAt();
        assertThat(due).isEqualTo(berlin("2026-10-27T15:00"));
        assertThat(Duration.between(start, due)).isEqualTo(Duration.ofHours(97));
    }

    @Test
    void aWallClockContractStillCountsEveryHour() {
        Instant friday = berlin("2026-11-20T15:00");
        assertThat(SlaPolicy.wallClock(Duration.ofHours(24)).deadlinesFor(friday).contractDueAt())
                .isEqualTo(berlin("2026-11-21T15:00"));
    }

    @Test
    void aClockStartedOnTheWeekendRunsFromMondayMorning() {
        assertThat(kaufland(Set.of()).deadlinesFor(berlin("2026-11-21T11:00")).contractDueAt())
                .isEqualTo(berlin("2026-11-25T00:00"));
    }
}
