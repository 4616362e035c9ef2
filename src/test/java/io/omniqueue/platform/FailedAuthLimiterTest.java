package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    final FailedAuthLimiter limiter = new FailedAuthLimiter(
            new FailedAuthSettings(3, Duration.ofMinutes(1), Duration.ofMinutes(2), 100), clock);

    @Test
    void theMaxFailuresWithinTheWindowLockTheClientOutForTheLockout() {
        assertThat(limiter.recordFailure("10.0.0.1")).isFalse();
        assertThat(limiter.recordFailure("10.0.0.1")).isFalse();
        assertThat(limiter.lockedFor("10.0.0.1")).isEmpty();
        assertThat(limiter.recordFailure("10.0.0.1")).as("the third failure locks").isTrue();

        assertThat(limiter.lockedFor("10.0.0.1")).contains(Duration.ofMinutes(2));
        clock.advance(Duration.ofSeconds(90));
        assertThat(limiter.lockedFor("10.0.0.1")).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.lockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void afterTheLockoutTheClientStartsAfresh() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(2));
        assertThat(limiter.recordFailure("10.0.0.1")).as("one failure after the lockout").isFalse();
        assertThat(limiter.lockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        limiter.recordFailure("10.0.0.1");
        limiter.recordFailure("10.0.0.1");
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.recordFailure("10.0.0.1")).isFalse();
        assertThat(limiter.recordFailure("10.0.0.1")).isFalse();
        assertThat(limiter.lockedFor("10.0.0.1")).isEmpty();
        assertThat(limiter.recordFailure("10.0.0.1")).as("three within the last minute").isTrue();
    }

    @Test
    void oneClientsFailuresNeverLockAnother() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        limiter.recordFailure("10.0.0.2");
        assertThat(limiter.lockedFor("10.0.0.1")).isPresent();
        assertThat(limiter.lockedFor("10.0.0.2")).isEmpty();
        assertThat(limiter.lockedFor("10.0.0.3")).isEmpty();
    }

    @Test
    void rememberedClientsAreCappedAndTheLeastRecentlySeenForgottenFirst() {
        FailedAuthLimiter small = new FailedAuthLimiter(new FailedAuthSettings(2, Duration.ofMinutes(1), Duration.ofMinutes(1), 3), clock);
        small.recordFailure("locked");
        small.recordFailure("locked");
        for (int i = 0; i < 5; i++) {
            small.recordFailure("other-" + i);
            // The locked client keeps knocking, so it stays among the most recently seen.
            assertThat(small.lockedFor("locked")).isPresent();
        }
        assertThat(small.trackedClients()).isEqualTo(3);
    }
}
