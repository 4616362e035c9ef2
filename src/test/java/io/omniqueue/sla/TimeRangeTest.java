package io.omniqueue.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    @Test
    void parsesHoursAndMinutes() {
        assertThat(TimeRange.parse("09:00-12:30"))
                .isEqualTo(new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 30)));
    }

    @Test
    void toleratesWhitespaceAroundTheParts() {
        assertThat(TimeRange.parse("  09:00 - 12:30 "))
                .isEqualTo(new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 30)));
    }

    @Test
    void twentyFourHundredEndsTheDay() {
        TimeRange evening = TimeRange.parse("18:00-24:00");
        TimeRange wholeDay = TimeRange.parse("00:00-24:00");

        assertThat(evening.end()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(evening.endsAtEndOfDay()).isTrue();
        assertThat(wholeDay.start()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(wholeDay.endsAtEndOfDay()).isTrue();
        assertThat(wholeDay).hasToString("00:00-24:00");
    }

    @Test
    void badTextIsRejectedNamingItAndTheExpectedForm() {
        assertThatIllegalArgumentException().isThrownBy(() -> TimeRange.parse("9h-12h"))
                .withMessageContaining("9h-12h")
                .withMessageContaining("HH:mm-HH:mm");
    }

    @Test
    void impossibleTimesAreRejectedNamingTheText() {
        assertThatIllegalArgumentException().isThrownBy(() -> TimeRange.parse("09:00-25:00"))
                .withMessageContaining("09:00-25:00");
    }

    @Test
    void midnightAsAnEndMustBeWrittenTwentyFourHundred() {
        assertThatIllegalArgumentException().isThrownBy(() -> TimeRange.parse("18:00-00:00"))
                .withMessageContaining("24:00");
    }

    @Test
    void startMustBeBeforeEnd() {
        assertThatIllegalArgumentException().isThrownBy(() -> TimeRange.parse("12:00-09:00"))
                .withMessageContaining("12:00-09:00");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 0)));
    }

    @Test
    void nullBoundsAndTextAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeRange(null, LocalTime.NOON));
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeRange(LocalTime.NOON, null));
        assertThatIllegalArgumentException().isThrownBy(() -> TimeRange.parse(null));
    }
}
