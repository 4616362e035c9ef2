package io.omniqueue.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private static final Instant EARLY = Instant.parse("2026-11-18T09:00:00Z");
    private static final Instant LATE = Instant.parse("2026-11-18T17:00:00Z");

    @Test
    void dueAtIsTheEarlierOfContractAndInternal() {
        assertThat(new Deadlines(LATE, EARLY).dueAt()).isEqualTo(EARLY);
        assertThat(new Deadlines(EARLY, LATE).dueAt()).isEqualTo(EARLY);
    }

    @Test
    void dueAtIsTheContractWhenThereIsNoInternalTarget() {
        assertThat(new Deadlines(LATE, null).dueAt()).isEqualTo(LATE);
    }

    @Test
    void contractDeadlineIsRequired() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Deadlines(null, EARLY));
    }
}
