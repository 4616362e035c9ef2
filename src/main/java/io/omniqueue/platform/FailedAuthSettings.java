package io.omniqueue.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.security.failed-auth}: how a client that keeps presenting wrong tokens is slowed.
 *
 * @param maxFailures wrong tokens from one client within {@code window} that lock it out
 * @param window how far back failures count
 * @param lockout how long a locked-out client is answered 429, whatever it sends
 * @param maxClients how many failing clients are remembered at once; beyond it the least recently
 *     seen are forgotten, so a flood of addresses cannot exhaust the memory
 */
public record FailedAuthSettings(@DefaultValue("10") int maxFailures, @DefaultValue("1m") Duration window,
                                 @DefaultValue("1m") Duration lockout, @DefaultValue("10000") int maxClients) {

    public FailedAuthSettings {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("omniqueue.security.failed-auth.max-failures must be at least 1, was " + maxFailures);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("omniqueue.security.failed-auth.window must be positive, was " + window);
        }
        if (lockout == null || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("omniqueue.security.failed-auth.lockout must be positive, was " + lockout);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("omniqueue.security.failed-auth.max-clients must be at least 1, was " + maxClients);
        }
    }
}
