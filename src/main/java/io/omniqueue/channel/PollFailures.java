package io.omniqueue.channel;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How every poller reacts to a failed run, the same for every connector: a 429 waits for its
 * Retry-After, a 401/403 pauses the channel until an operator resumes it, anything else backs
 * off exponentially. Nothing sleeps: the next scheduled run simply finds it is too early.
 */
@Component
public class PollFailures {

    private static final Logger log = LoggerFactory.getLogger(PollFailures.class);

    private final ChannelCursorStore cursors;
    private final PollingSettings settings;
    private final Clock clock;

    PollFailures(ChannelCursorStore cursors, PollingSettings settings, Clock clock) {
        this.cursors = cursors;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether a run may call the source now. */
    public boolean mayPoll(ChannelCursor cursor) {
        if (cursor.state() == ChannelState.UNAUTHORIZED) {
            return false;
        }
        return cursor.nextPollAt() == null || !clock.instant().isBefore(cursor.nextPollAt());
    }

    public void record(ChannelCursor cursor, SourceException failure) {
        Instant now = clock.instant();
        String channelId = cursor.channelId();
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
