package io.omniqueue.reply;

import io.omniqueue.platform.Backoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.outbox}.
 *
 * @param pollDelay pause between two claims of due replies
 * @param batchSize replies claimed at once
 * @param maxAttempts attempts before a reply is FAILED
 * @param initialBackoff wait after the first failure; doubles each time
 * @param maxBackoff ceiling of that wait
 * @param lease how long a claimed reply belongs to the node that claimed it; longer than one send
 */
@ConfigurationProperties("omniqueue.outbox")
public record OutboxSettings(
        @DefaultValue("2s") Duration pollDelay,
        @DefaultValue("20") int batchSize,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("15s") Duration initialBackoff,
        @DefaultValue("30m") Duration maxBackoff,
        @DefaultValue("2m") Duration lease) {

    /** Exponential backoff after the given (1-based) failed attempt. */
    Duration backoffAfter(int attempt) {
        return Backoff.after(attempt, initialBackoff, maxBackoff);
    }
}
