package io.omniqueue.customer;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.privacy}.
 *
 * @param retention how long a marketplace's conversations are kept once they no longer wait for a
 *     reply, counted from their last message: a marketplace ({@code "[amazon.es]": P30D}) or all of
 *     a family ({@code "[amazon.*]": P30D}; a bare {@code "[*]"} is every marketplace). The exact
 *     name wins over a family, the longer family over the shorter. None: nothing is erased on time.
 * @param schedule the Quartz cron of the retention run
 * @param batchSize conversations erased per transaction batch of a run
 */
@ConfigurationProperties("omniqueue.privacy")
public record PrivacySettings(Map<String, Duration> retention,
                              @DefaultValue("0 17 3 * * ?") String schedule,
                              @DefaultValue("100") int batchSize) {

    public PrivacySettings {
        retention = retention == null ? Map.of() : Map.copyOf(retention);
        for (var rule : retention.entrySet()) {
            if (rule.getValue() == null || rule.getValue().isNegative() || rule.getValue().isZero()) {
                throw new IllegalArgumentException("omniqueue.privacy.retention." + rule.getKey() + " must be a positive duration");
            }
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("omniqueue.privacy.batch-size must be at least 1");
        }
    }
}
