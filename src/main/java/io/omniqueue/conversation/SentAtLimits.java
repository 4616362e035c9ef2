package io.omniqueue.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The times a message may say it was sent: not before {@code omniqueue.ingest.earliest-sent-at},
 * not more than {@code max-future-skew} ahead of our clock. The API refuses the others (its
 * caller can fix them); a poller's message is clamped into the range instead, since the source
 * will send it the same way at every poll.
 */
@Component
public class SentAtLimits {

    private final IngestSettings settings;
    private final Clock clock;

    SentAtLimits(IngestSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Why this time is refused, worded to follow the field's name; empty when it is fine. */
    public Optional<String> problem(Instant sentAt) {
        if (sentAt.isBefore(settings.earliestSentAt())) {
            return Optional.of(sentAt + " is before " + settings.earliestSentAt()
                    + ", the earliest time accepted (omniqueue.ingest.earliest-sent-at)");
        }
        Instant latest = latest();
        if (sentAt.isAfter(latest)) {
            return Optional.of(sentAt + " is more than " + settings.maxFutureSkew().toString().substring(2).toLowerCase(Locale.ROOT)
                    + " ahead of this server's clock (omniqueue.ingest.max-future-skew)");
        }
        return Optional.empty();
    }

    /** The nearest time in the range: the time itself when it is fine. */
    Instant clamp(Instant sentAt) {
        if (sentAt.isBefore(settings.earliestSentAt())) {
            return settings.earliestSentAt();
        }
        Instant latest = latest();
        return sentAt.isAfter(latest) ? latest : sentAt;
    }

    private Instant latest() {
        return clock.instant().plus(settings.maxFutureSkew());
    }
}
