package io.omniqueue.sla;

import static io.omniqueue.sla.Calendars.CHRISTMAS_2026;
import static io.omniqueue.sla.Calendars.PARIS;
import static io.omniqueue.sla.Calendars.at;
import static io.omniqueue.sla.Calendars.everyDay;
import static io.omniqueue.sla.Calendars.paris;
import static io.omniqueue.sla.Calendars.weekdays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final BusinessCalendar OFFICE = weekdays(Set.of(), "09:00-18:00");
    private static final BusinessCalendar WITH_LUNCH = weekdays(Set.of(), "09:00-12:30", "14:00-18:00");

    @Nested
    class CountingWithinHours {

        @Test
        void lunchBreakDoesNotCount() {
            // Wednesday: 1 h until 12:30, then 1 h from 14:00.
            assertThat(WITH_LUNCH.addBusinessTime(paris("2026-11-18T11:30"), Duration.ofHours(2)))
                    .isEqualTo(paris("2026-11-18T15:00"));
        }

        @Test
        void deadlineThatUsesUpARangeIsTheRangeEnd() {
            assertThat(OFFICE.addBusinessTime(paris("2026-11-18T16:00"), Duration.ofHours(2)))
                    .isEqualTo(paris("2026-11-18T18:00"));
        }

        @Test
        void targetLongerThanADaySpansSeveralDaysOfSplitHours() {
            // 7.5 h a day: Mon 7.5 + Tue 7.5 + Wed 1.
            assertThat(WITH_LUNCH.addBusinessTime(paris("2026-11-16T09:00"), Duration.ofHours(16)))
                    .isEqualTo(paris("2026-11-18T10:00"));
        }

        @Test
        void targetLongerThanADaySkipsTheWeekend() {
            // Fri 3 h + Mon 7.5 h + Tue 3.5 h morning + 2 h afternoon.
            assertThat(WITH_LUNCH.addBusinessTime(paris("2026-11-20T15:00"), Duration.ofHours(16)))
                    .isEqualTo(paris("2026-11-24T16:00"));
        }
    }

    @Nested
    class OutOfHours {

        @Test
        void saturdayNightMessageStartsCountingMondayMorning() {
            Instant saturdayNight = paris("2026-11-21T23:00");

            assertThat(OFFICE.addBusinessTime(saturdayNight, Duration.ZERO))
                    .isEqualTo(paris("2026-11-23T09:00"));
            assertThat(OFFICE.addBusinessTime(saturdayNight, Duration.ofHours(1)))
                    .isEqualTo(paris("2026-11-23T10:00"));
        }

        @Test
        void earlyMorningMessageStartsCountingAtOpening() {
            assertThat(OFFICE.addBusinessTime(paris("2026-11-18T07:00"), Duration.ofHours(1)))
                    .isEqualTo(paris("2026-11-18T10:00"));
        }

        @Test
        void messageAtClosingTimeStartsCountingNextBusinessDay() {
            Instant closing = paris("2026-11-18T18:00");

            assertThat(OFFICE.isBusinessTime(closing)).isFalse();
            assertThat(OFFICE.addBusinessTime(closing, Duration.ZERO)).isEqualTo(paris("2026-11-19T09:00"));
            assertThat(OFFICE.addBusinessTime(closing, Duration.ofHours(1))).isEqualTo(paris("2026-11-19T10:00"));
        }

        @Test
        void fridayClosingTimeStartsCountingMonday() {
            assertThat(OFFICE.addBusinessTime(paris("2026-11-20T18:00"), Duration.ofMinutes(30)))
                    .isEqualTo(paris("2026-11-23T09:30"));
        }

        @Test
        void zeroAmountDuringHoursIsTheStartItself() {
            Instant midMorning = paris("2026-11-18T10:17:42");

            assertThat(OFFICE.addBusinessTime(midMorning, Duration.ZERO)).isEqualTo(midMorning);
        }
    }

    @Nested
    class Holidays {

        @Test
        void messageOnHolidayEveResumesAfterHolidayAndWeekend() {
            BusinessCalendar office = weekdays(Set.of(CHRISTMAS_2026), "09:00-18:00");

            // Thu 17:00-18:00, Fri 25th holiday, weekend, Mon 09:00-10:00.
            assertThat(office.addBusinessTime(paris("2026-12-24T17:00"), Duration.ofHours(2)))
                    .isEqualTo(paris("2026-12-28T10:00"));
        }

        @Test
        void holidayIsNeverBusinessTime() {
            BusinessCalendar office = weekdays(Set.of(CHRISTMAS_2026), "09:00-18:00");

            assertThat(office.isBusinessTime(paris("2026-12-25T10:00"))).isFalse();
            assertThat(office.isBusinessTime(paris("2026-12-24T10:00"))).isTrue();
        }

        @Test
        void calendarWhoseEveryDateIsAHolidayGivesUpInsteadOfLooping() {
            Set<LocalDate> everyDate = new HashSet<>();
            for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() < 2040; d = d.plusDays(1)) {
                everyDate.add(d);
            }
            BusinessCalendar neverOpen = weekdays(everyDate, "09:00-18:00");

            assertThatIllegalStateException()
                    .isThrownBy(() -> neverOpen.addBusinessTime(paris("2026-06-01T10:00"), Duration.ofHours(1)));
        }
    }

    @Nested
    class DaylightSaving {

        // Every night 01:00-04:00 wall clock: 2 real hours on 2026-03-29, 4 on 2026-10-25.
        private final BusinessCalendar nightShift = everyDay("01:00-04:00");

        @Test
        void nightRangeLastsTwoRealHoursOnSpringForwardDay() {
            Instant friday = at("2026-03-28T01:00+01:00");

            // 3 h on the 28th, then only 2 real hours on the 29th.
            assertThat(nightShift.addBusinessTime(friday, Duration.ofHours(4)))
                    .isEqualTo(at("2026-03-29T03:00+02:00"));
            assertThat(nightShift.addBusinessTime(friday, Duration.ofHours(5)))
                    .isEqualTo(at("2026-03-29T04:00+02:00"));
            assertThat(nightShift.addBusinessTime(friday, Duration.ofHours(6)))
                    .isEqualTo(at("2026-03-30T02:00+02:00"));
        }

        @Test
        void nightRangeLastsFourRealHoursOnFallBackDay() {
            Instant saturday = at("2026-10-24T01:00+02:00");

            // 3 h on the 24th; on the 25th 03:00 CEST is followed by 02:00 CET.
            assertThat(nightShift.addBusinessTime(saturday, Duration.ofHours(6)))
                    .isEqualTo(at("2026-10-25T03:00+01:00"));
            assertThat(nightShift.addBusinessTime(saturday, Duration.ofHours(7)))
                    .isEqualTo(at("2026-10-25T04:00+01:00"));
            assertThat(nightShift.addBusinessTime(saturday, Duration.ofHours(8)))
                    .isEqualTo(at("2026-10-26T02:00+01:00"));
        }

        @Test
        void roundTheClockCalendarCountsRealHoursOverSpringForward() {
            BusinessCalendar always = everyDay("00:00-24:00");

            // The 29th has only 23 hours.
            assertThat(always.addBusinessTime(at("2026-03-29T00:00+01:00"), Duration.ofHours(24)))
                    .isEqualTo(at("2026-03-30T01:00+02:00"));
        }

        @Test
        void roundTheClockCalendarCountsRealHoursOverFallBack() {
            BusinessCalendar always = everyDay("00:00-24:00");

            // The 25th has 25 hours.
            assertThat(always.addBusinessTime(at("2026-10-25T00:00+02:00"), Duration.ofHours(24)))
                    .isEqualTo(at("2026-10-25T23:00+01:00"));
        }

        @Test
        void rangesPushedTogetherByTheGapDoNotCountTheSameHourTwice() {
            // 02:30 does not exist on 2026-03-29 and resolves to 03:30 CEST, past 03:00's start.
            BusinessCalendar overlappingInRealTime = everyDay("01:00-02:30", "03:00-04:00");

            // 29th: 01:00 CET -> 03:30 CEST is 1.5 h, then only 03:30 -> 04:00 CEST remains.
            Instant start = at("2026-03-29T01:00+01:00");

            assertThat(overlappingInRealTime.addBusinessTime(start, Duration.ofHours(2)))
                    .isEqualTo(at("2026-03-29T04:00+02:00"));
            assertThat(overlappingInRealTime.addBusinessTime(start, Duration.ofMinutes(150)))
                    .isEqualTo(at("2026-03-30T01:30+02:00"));
        }

        @Test
        void isBusinessTimeFollowsRealInstantsOnDstDays() {
            assertThat(nightShift.isBusinessTime(at("2026-10-25T02:30+01:00"))).isTrue();
            assertThat(nightShift.isBusinessTime(at("2026-03-29T03:30+02:00"))).isTrue();
            assertThat(nightShift.isBusinessTime(at("2026-03-29T04:00+02:00"))).isFalse();
        }
    }

    @Nested
    class Validation {

        @Test
        void overlappingRangesOnADayAreRejected() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> weekdays(Set.of(), "09:00-12:30", "12:00-18:00"))
                    .withMessageContaining("overlapping")
                    .withMessageContaining("09:00-12:30")
                    .withMessageContaining("12:00-18:00");
        }

        @Test
        void rangeRunningToEndOfDayOverlapsAnyLaterRange() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> weekdays(Set.of(), "18:00-24:00", "20:00-22:00"));
        }

        @Test
        void adjacentRangesAreAllowed() {
            BusinessCalendar calendar = weekdays(Set.of(), "12:00-18:00", "09:00-12:00");

            assertThat(calendar.hours().get(DayOfWeek.MONDAY))
                    .extracting(TimeRange::start)
                    .containsExactly(LocalTime.of(9, 0), LocalTime.of(12, 0));
            assertThat(calendar.addBusinessTime(paris("2026-11-18T11:00"), Duration.ofHours(2)))
                    .isEqualTo(paris("2026-11-18T13:00"));
        }

        @Test
        void calendarWithoutAnyRangeIsRejected() {
            Map<DayOfWeek, List<TimeRange>> closedEveryDay = new EnumMap<>(DayOfWeek.class);
            closedEveryDay.put(DayOfWeek.MONDAY, List.of());

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new BusinessCalendar(PARIS, closedEveryDay, Set.of()))
                    .withMessageContaining("no hours");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new BusinessCalendar(PARIS, Map.of(), Set.of()));
        }

        @Test
        void negativeAmountIsRejected() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> OFFICE.addBusinessTime(paris("2026-11-18T10:00"), Duration.ofMinutes(-1)));
        }

        @Test
        void calendarIsImmutableAgainstLaterChangesToItsInputs() {
            List<TimeRange> ranges = new ArrayList<>(List.of(TimeRange.parse("09:00-18:00")));
            Map<DayOfWeek, List<TimeRange>> hours = new HashMap<>(Map.of(DayOfWeek.MONDAY, ranges));
            Set<LocalDate> holidays = new HashSet<>();
            BusinessCalendar calendar = new BusinessCalendar(PARIS, hours, holidays);

            ranges.clear();
            hours.put(DayOfWeek.TUESDAY, List.of(TimeRange.parse("09:00-10:00")));
            holidays.add(LocalDate.of(2026, 11, 16));

            assertThat(calendar.hours()).containsOnlyKeys(DayOfWeek.MONDAY);
            assertThat(calendar.hours().get(DayOfWeek.MONDAY)).hasSize(1);
            assertThat(calendar.holidays()).isEmpty();
        }
    }
}
