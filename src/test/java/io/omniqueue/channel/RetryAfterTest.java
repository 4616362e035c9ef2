package io.omniqueue.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void delaySecondsCountFromNow() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(NOW.plusSeconds(120));
        assertThat(RetryAfter.parse(" 30 ", NOW)).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void httpDateIsTakenAsIs() {
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:05:00 GMT", NOW)).isEqualTo(Instant.parse("2026-11-22T10:05:00Z"));
    }

    @Test
    void absentOrUnreadableHeaderSaysNothing() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isNull();
    }
}
