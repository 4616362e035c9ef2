package io.omniqueue.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the system clock: tests start at the real present and move time themselves. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    MutableClock testClock() {
        // Microseconds: what both databases store, so a value read back equals the one written.
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
