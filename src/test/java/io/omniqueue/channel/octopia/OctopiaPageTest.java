package io.omniqueue.channel.octopia;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oldest {@code updatedAtMin} a first import asks for stays inside Octopia's six months on every day of the year. */
class OctopiaPageTest {

    @Test
    void theOldestSearchIsWithinSixMonthsCountedBackFromNowAndForwardFromItsStartAtEveryHourOfFiveYears() {
        Instant start = Instant.parse("2024-01-01T00:30:00Z");
        List<Instant> refused = new ArrayList<>();
        for (int hour = 0; hour < 24 * (366 + 365 * 4); hour++) {
            Instant now = start.plus(Duration.ofHours(hour));
            Instant oldest = OctopiaPage.oldestAllowed(Clock.fixed(now, ZoneOffset.UTC));
            boolean back = !oldest.isBefore(now.atOffset(ZoneOffset.UTC).minusMonths(6).toInstant());
            // Forward from the start, as the simulator counts (May 31 + 6 months is Nov 30).
            boolean forward = !oldest.atOffset(ZoneOffset.UTC).plusMonths(6).toInstant().isBefore(now);
            if (!back || !forward) {
                refused.add(now);
            }
        }
        assertThat(refused).isEmpty();
    }
}
