package io.omniqueue.channel;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Everything around one poll of one channel, the same for every connector: one run at a time,
 * nothing before the stored next poll time (a Retry-After, a backoff), nothing while the
 * credentials are refused, the circuit breaker, the duration metric, and the outcome on the
 * channel's cursor row (last success, last error, failure count), which health, {@code
 * /api/channels} and the operational alerts read. Nothing sleeps: a run that is too early just
 * does not happen.
 *
 * <p>A connector that calls its source itself (Mirakl) hands its work to {@link #run}; one whose
 * poll loop belongs to a Camel consumer (the mailbox) reports through {@link #begin},
 * {@link #succeeded} and {@link #failed}.
 */
@Component
public class PollRun {

    private static final Logger log = LoggerFactory.getLogger(PollRun.class);

    private final ChannelCursorStore cursors;
    private final ChannelBreakers breakers;
    private final PollingSettings settings;
    private final PollMetrics metrics;
    private final Clock clock;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

    PollRun(ChannelCursorStore cursors, ChannelBreakers breakers, PollingSettings settings, PollMetrics metrics,
            Clock clock) {
        this.cursors = cursors;
        this.breakers = breakers;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One run of {@code work}, if the channel is due and no run of it is under way on this node.
     * The work calls the source through the channel's breaker itself and throws a
     * {@link SourceException} when the source fails; it gets the cursor to resume from.
     */
    public void run(Channel channel, Consumer<ChannelCursor> work) {
        ReentrantLock lock = running.computeIfAbsent(channel.id(), id -> new ReentrantLock());
        // A run still reading a long backlog when the next schedule fires: let it finish.
        if (!lock.tryLock()) {
            return;
        }
        try {
            ChannelCursor cursor = cursors.load(channel.id());
            if (!due(cursor)) {
                return;
            }
            long start = System.nanoTime();
            try {
                work.accept(cursor);
                succeeded(channel.id(), start);
            } catch (SourceException e) {
                failed(channel.id(), cursor, e, start);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A consumer's poll is about to call the source: whether it may. It may not while the
     * credentials are refused, before the next poll time, or while the breaker is open.
     */
    public boolean begin(Channel channel) {
        ChannelCursor cursor = cursors.load(channel.id());
        if (!due(cursor) || !breakers.of(channel.id()).tryAcquirePermission()) {
            return false;
        }
        startedAt.put(channel.id(), System.nanoTime());
        return true;
    }

    /** The consumer's poll (begun with {@link #begin}) went through. */
    public void succeeded(Channel channel) {
        Long start = startedAt.remove(channel.id());
        long began = start == null ? System.nanoTime() : start;
        breakers.of(channel.id()).onSuccess(System.nanoTime() - began, TimeUnit.NANOSECONDS);
        succeeded(channel.id(), began);
    }

    /** The consumer's poll (begun with {@link #begin}) failed. */
    public void failed(Channel channel, SourceException failure) {
        Long start = startedAt.remove(channel.id());
        long began = start == null ? System.nanoTime() : start;
        CircuitBreaker breaker = breakers.of(channel.id());
        if (start == null) {
            // begin() failed before taking the breaker's permission (the cursor could not be read): nothing to give back.
        } else if (failure instanceof SourceException.Unavailable) {
            breaker.onError(System.nanoTime() - began, TimeUnit.NANOSECONDS, failure);
        } else {
            // Not the source's health: give back the permission without counting a failure.
            breaker.releasePermission();
        }
        failed(channel.id(), cursors.load(channel.id()), failure, began);
    }

    private boolean due(ChannelCursor cursor) {
        if (cursor.state() == ChannelState.UNAUTHORIZED) {
            return false;
        }
        return cursor.nextPollAt() == null || !clock.instant().isBefore(cursor.nextPollAt());
    }

    private void succeeded(String channelId, long startNanos) {
        metrics.recordPoll(channelId, System.nanoTime() - startNanos);
        cursors.succeeded(channelId, clock.instant());
    }

    /** A 429 waits for its Retry-After, a 401/403 pauses the channel, anything else backs off exponentially. */
    private void failed(String channelId, ChannelCursor cursor, SourceException failure, long startNanos) {
        metrics.recordPoll(channelId, System.nanoTime() - startNanos);
        Instant now = clock.instant();
        if (failure instanceof SourceException.Unauthorized) {
            log.error("Channel {} refused our credentials; polling paused until resumed: {}", channelId, failure.getMessage());
            cursors.failed(channelId, ChannelState.UNAUTHORIZED, failure.getMessage(), null, now);
            return;
        }
        Instant next = now.plus(settings.backoffAfter(cursor.consecutiveFailures() + 1));
        if (failure instanceof SourceException.RateLimited limited && limited.retryAt() != null) {
            next = limited.retryAt();
        }
        log.warn("Channel {} poll failed, next attempt at {}: {}", channelId, next, failure.getMessage());
        cursors.failed(channelId, ChannelState.BACKING_OFF, failure.getMessage(), next, now);
    }
}
