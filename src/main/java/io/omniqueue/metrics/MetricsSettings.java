package io.omniqueue.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.metrics}.
 *
 * @param refresh how often the queue's figures are read from the database for the gauges
 *     (default 15 s). The {@code metrics-refresh} Camel timer reads the same value, so write it
 *     the way Camel reads durations ({@code 15s}, {@code 1m}), not as ISO-8601 ({@code PT15S}).
 */
@ConfigurationProperties("omniqueue.metrics")
public record MetricsSettings(@DefaultValue("15s") Duration refresh) {
}
