package io.omniqueue.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The part of {@code omniqueue.alerts} the gauges need.
 *
 * @param atRiskLead a conversation waiting for a reply is "at risk" once its deadline is this
 *     close (the first warning of the alerts), default 4 h
 */
@ConfigurationProperties("omniqueue.alerts")
public record AtRiskSettings(@DefaultValue("PT4H") Duration atRiskLead) {
}
