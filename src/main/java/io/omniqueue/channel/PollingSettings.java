package io.omniqueue.channel;

import io.omniqueue.platform.Backoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.polling}: how pollers behave when a marketplace misbehaves.
 *
 * @param maxPagesPerRun pages read in one poll before yielding to the next schedule (a long
 *     backlog is read over several runs, each page committed)
 * @param ingestConcurrency a page's threads stored at once on this node (each thread's messages in
 *     order), all pollers together; they share the ingest's group commits, so a page takes a few
 *     transactions instead of one per message
 * @param failureBackoff wait after a failed poll; doubles with each consecutive failure
 * @param maxFailureBackoff ceiling of that wait
 * @param breaker the circuit breaker kept per channel around every call
 */
@ConfigurationProperties("omniqueue.polling")
public record PollingSettings(
        @DefaultValue("50") int maxPagesPerRun,
        @DefaultValue("32") int ingestConcurrency,
        @DefaultValue("30s") Duration failureBackoff,
        @DefaultValue("15m") Duration maxFailureBackoff,
        @DefaultValue Breaker breaker) {

    /**
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param minimumCalls calls seen before the rate counts
     * @param slidingWindow calls the rate is computed over
     * @param openWait time the breaker stays open before letting a few trial calls through
     * @param halfOpenCalls trial calls
     */
    public record Breaker(@DefaultValue("50") float failureRateThreshold, @DefaultValue("5") int minimumCalls,
                          @DefaultValue("10") int slidingWindow, @DefaultValue("60s") Duration openWait,
                          @DefaultValue("2") int halfOpenCalls) {
    }

    public Duration backoffAfter(int consecutiveFailures) {
        return Backoff.after(consecutiveFailures, failureBackoff, maxFailureBackoff);
    }
}
