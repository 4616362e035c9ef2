package io.omniqueue.sla;

import static io.omniqueue.sla.Calendars.CHRISTMAS_2026;
import static io.omniqueue.sla.Calendars.at;
import static io.omniqueue.sla.Calendars.paris;
import static io.omniqueue.sla.Calendars.weekdays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {

    private static final Duration DAY = Duration.ofHours(24);
    private static final BusinessCalendar OFFICE = weekdays(Set.of(CHRISTMAS_2026), "09:00-18:00");

    @Test
    void amazonContractCountsTheWeekend() {
        Deadlines deadlines = SlaPolicy.wallClock(DAY).deadlinesFor(paris("2026-11-20T18:00"));

        assertThat(deadlines.contractDueAt()).isEqualTo(paris("2026-11-21T18:00"));
    }

    @Test
    void amazonContractCountsPublicHolidaysEvenWithAHolidayCalendar() {
        SlaPolicy policy = new SlaPolicy(DAY, new InternalTarget(Duration.ofHours(2), OFFICE));
        Instant christmasEve = paris("2026-12-24T18:00");

        Deadlines deadlines = policy.deadlinesFor(christmasEve);

        assertThat(deadlines.contractDueAt()).isEqualTo(christmasEve.plus(DAY));
        assertThat(deadlines.contractDueAt()).isEqualTo(paris("2026-12-25T18:00"));
    }

    @Test
    void contractCountsRealHoursAcrossSpringForward() {
        Deadlines deadlines = SlaPolicy.wallClock(DAY).deadlinesFor(at("2026-03-28T12:00+01:00"));

        assertThat(deadlines.contractDueAt()).isEqualTo(at("2026-03-29T13:00+02:00"));
    }

    @Test
    void internalTargetIsCountedInBusinessTime() {
        SlaPolicy policy = new SlaPolicy(DAY, new InternalTarget(Duration.ofHours(2), OFFICE));

        Deadlines deadlines = policy.deadlinesFor(paris("2026-12-24T17:00"));

        assertThat(deadlines.internalDueAt()).isEqualTo(paris("2026-12-28T10:00"));
    }

    @Test
    void withoutInternalTargetOnlyTheContractDeadlineExists() {
        Deadlines deadlines = SlaPolicy.wallClock(DAY).deadlinesFor(paris("2026-11-18T10:00"));

        assertThat(deadlines.internalDueAt()).isNull();
        assertThat(deadlines.dueAt()).isEqualTo(paris("2026-11-19T10:00"));
    }

    @Test
    void internalTargetBeforeContractIsWhatIsDue() {
        SlaPolicy policy = new SlaPolicy(DAY, new InternalTarget(Duration.ofHours(2), OFFICE));

        assertThat(policy.deadlinesFor(paris("2026-11-18T10:00")).dueAt())
                .isEqualTo(paris("2026-11-18T12:00"));
    }

    @Test
    void contractBeforeInternalTargetIsWhatIsDue() {
        // Friday evening: the business-time target lands Monday, after the wall-clock contract.
        SlaPolicy policy = new SlaPolicy(DAY, new InternalTarget(Duration.ofHours(2), OFFICE));

        Deadlines deadlines = policy.deadlinesFor(paris("2026-11-20T18:00"));

        assertThat(deadlines.internalDueAt()).isEqualTo(paris("2026-11-23T11:00"));
        assertThat(deadlines.dueAt()).isEqualTo(paris("2026-11-21T18:00"));
    }

    @Test
    void contractAndTargetMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlaPolicy.wallClock(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> SlaPolicy.wallClock(Duration.ofHours(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> SlaPolicy.wallClock(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalTarget(Duration.ZERO, OFFICE));
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalTarget(Duration.ofHours(1), null));
    }
}
