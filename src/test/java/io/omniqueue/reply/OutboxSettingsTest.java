package io.omniqueue.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxSettingsTest {

    private final OutboxSettings settings = new OutboxSettings(Duration.ofSeconds(2), 4, 32, 8, Duration.ofSeconds(15),
            Duration.ofMinutes(2), Duration.ofMinutes(2), 5, true);

    @Test
    void backoffDoublesAfterEachFailedAttempt() {
        assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void backoffNeverExceedsItsCeiling() {
        assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.backoffAfter(60)).isEqualTo(Duration.ofMinutes(2));
    }
}
