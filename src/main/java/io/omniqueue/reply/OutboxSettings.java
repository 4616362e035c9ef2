package io.omniqueue.reply;

import io.omniqueue.platform.Backoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.outbox}.
 *
 * @param pollDelay how often retries that came due are looked for; a new reply and a finished send
 *                  start the next claim at once, so this does not cap throughput
 * @param perChannelSends replies of one channel in flight at once on this node (a slot is held until
 *                        the receiver answers): a slow or hanging receiver holds at most these many
 *                        and delays only its own channel; 4 keeps within the marketplaces' rate
 *                        limits (README "Why per-channel-sends is 4")
 * @param maxSends replies in flight at once on this node, all channels together
 * @param maxAttempts attempts before a reply is FAILED
 * @param initialBackoff wait after the first failure; doubles each time
 * @param maxBackoff ceiling of that wait
 * @param lease how long a claimed reply belongs to the node that claimed it; longer than one send
 * @param acceptAttempts how often accepting a reply is replayed after losing a lock race
 * @param dispatch whether this node sends replies at all (a node may only serve the API)
 */
@ConfigurationProperties("omniqueue.outbox")
public record OutboxSettings(
        @DefaultValue("2s") Duration pollDelay,
        @DefaultValue("4") int perChannelSends,
        @DefaultValue("32") int maxSends,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("15s") Duration initialBackoff,
        @DefaultValue("30m") Duration maxBackoff,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("5") int acceptAttempts,
        @DefaultValue("true") boolean dispatch) {

    public OutboxSettings {
        if (perChannelSends < 1 || maxSends < 1) {
            throw new IllegalArgumentException("omniqueue.outbox.per-channel-sends and max-sends must be at least 1, were "
                    + perChannelSends + " and " + maxSends);
        }
    }

    /** Exponential backoff after the given (1-based) failed attempt. */
    Duration backoffAfter(int attempt) {
        return Backoff.after(attempt, initialBackoff, maxBackoff);
    }
}
