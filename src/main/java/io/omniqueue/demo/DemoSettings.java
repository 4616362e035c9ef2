package io.omniqueue.demo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.demo}: the built-in sandbox for a first run.
 *
 * @param enabled whether simulated customers write in and the webhook sandbox answers
 * @param channel the webhook channel the simulated customers write to
 * @param messageInterval time between two simulated messages
 */
@ConfigurationProperties("omniqueue.demo")
public record DemoSettings(@DefaultValue("false") boolean enabled,
                           @DefaultValue("shop-contact-form") String channel,
                           @DefaultValue("20s") Duration messageInterval) {
}
