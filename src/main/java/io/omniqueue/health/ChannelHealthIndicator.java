package io.omniqueue.health;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * One channel's health, from its {@code channel_cursor} row (read at each health request: one
 * primary-key lookup) and its circuit breaker.
 * <ul>
 * <li>UP: polling (ACTIVE), never polled yet, not a polled kind (webhook), or backing off for less
 * than {@code omniqueue.health.backing-off-limit};</li>
 * <li>DOWN: UNAUTHORIZED, the marketplace refused the credentials: polling stays paused until an
 * operator fixes them and resumes the channel;</li>
 * <li>OUT_OF_SERVICE: backing off with no successful poll for longer than the limit. Not DOWN:
 * the service keeps retrying on its own and nothing is wrong on our side, but the channel's
 * messages are not coming in, which a monitor must show.</li>
 * </ul>
 * "No successful poll for" counts from the last success, or from this node's start when that is
 * later (a channel that never worked, or a node restarted after a long stop, gets the limit's grace).
 */
class ChannelHealthIndicator implements HealthIndicator {

    private final Channel channel;
    private final boolean polled;
    private final ChannelCursorStore cursors;
    private final ChannelBreakers breakers;
    private final Duration backingOffLimit;
    private final Instant nodeStartedAt;
    private final Clock clock;

    ChannelHealthIndicator(Channel channel, boolean polled, ChannelCursorStore cursors, ChannelBreakers breakers,
                           Duration backingOffLimit, Instant nodeStartedAt, Clock clock) {
        this.channel = channel;
        this.polled = polled;
        this.cursors = cursors;
        this.breakers = breakers;
        this.backingOffLimit = backingOffLimit;
        this.nodeStartedAt = nodeStartedAt;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("kind", channel.kind());
        if (!polled) {
            return health.withDetail("polled", false).build();
        }
        health.withDetail("circuitBreaker", breakers.state(channel.id()).name());
        Optional<ChannelCursor> found = cursors.find(channel.id());
        if (found.isEmpty()) {
            return health.withDetail("state", "NOT_POLLED_YET").build();
        }
        ChannelCursor cursor = found.get();
        health.withDetail("state", cursor.state().name());
        detail(health, "lastSuccessAt", cursor.lastSuccessAt());
        detail(health, "lastError", cursor.lastError());
        detail(health, "lastErrorAt", cursor.lastErrorAt());
        detail(health, "nextPollAt", cursor.nextPollAt());
        health.withDetail("consecutiveFailures", cursor.consecutiveFailures());
        return health.status(status(cursor)).build();
    }

    private Status status(ChannelCursor cursor) {
        if (cursor.state() == ChannelState.UNAUTHORIZED) {
            return Status.DOWN;
        }
        if (cursor.state() == ChannelState.BACKING_OFF) {
            Instant since = cursor.lastSuccessAt() == null || cursor.lastSuccessAt().isBefore(nodeStartedAt)
                    ? nodeStartedAt : cursor.lastSuccessAt();
            if (Duration.between(since, clock.instant()).compareTo(backingOffLimit) > 0) {
                return Status.OUT_OF_SERVICE;
            }
        }
        return Status.UP;
    }

    private static void detail(Health.Builder health, String key, Object value) {
        if (value != null) {
            health.withDetail(key, value.toString());
        }
    }
}
