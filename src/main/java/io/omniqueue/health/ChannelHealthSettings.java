package io.omniqueue.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.health}.
 *
 * @param backingOffLimit how long a polled channel may go without a successful poll while backing
 *     off before its health turns OUT_OF_SERVICE (default 30 min: a few retries at the longest backoff)
 */
@ConfigurationProperties("omniqueue.health")
public record ChannelHealthSettings(@DefaultValue("30m") Duration backingOffLimit) {
}
