package io.omniqueue.channel;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The page loop of every connector that lists its source page by page, inside one {@link PollRun}:
 * from the page the cursor points at, each page is read, stored whole, and only then is the
 * cursor moved to the next page (with the newest update seen so far as the run's watermark); the
 * last page makes that watermark the channel's position. A crash, a restart or a failed call
 * mid-run thus resumes at the page not finished, and what a page stored before a failure stays
 * stored; dedupe absorbs what is read twice. At most {@code maxPagesPerRun} pages a poll.
 *
 * <p>The connector says how to read one page ({@link Run#read}): its own paging (token, offset,
 * link), its own list call and its own storing.
 */
@Component
public class PagedPoll {

    private static final Logger log = LoggerFactory.getLogger(PagedPoll.class);

    private final ChannelRegistry channels;
    private final ChannelCursorStore cursors;
    private final PollRun pollRun;
    private final PollingSettings settings;
    private final Clock clock;

    PagedPoll(ChannelRegistry channels, ChannelCursorStore cursors, PollRun pollRun, PollingSettings settings,
              Clock clock) {
        this.channels = channels;
        this.cursors = cursors;
        this.pollRun = pollRun;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * One poll of the channel (called by its {@code poll-<channelId>} route); {@code runs} sets up
     * one run's reading from the channel and the cursor it resumes from (what stays the same for
     * the whole run, e.g. its start time, is worked out there once).
     */
    public void poll(String channelId, BiFunction<Channel, ChannelCursor, Run> runs) {
        Channel channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalArgumentException("channel '" + channelId + "' is not configured"));
        pollRun.run(channel, cursor -> readPages(channel, cursor, runs.apply(channel, cursor)));
    }

    private void readPages(Channel channel, ChannelCursor cursor, Run run) {
        String token = run.resume(cursor.pageToken());
        Instant watermark = cursor.runWatermark();
        for (int page = 0; page < settings.maxPagesPerRun(); page++) {
            Page read;
            try {
                read = run.read(token);
            } catch (SourceException.Refused refused) {
                if (token == null || !run.restartsWhenAPageIsRefused()) {
                    throw refused;
                }
                // A page the source no longer takes: start the run again from the last complete
                // position rather than retrying a dead page forever.
                log.warn("Channel {}: page {} refused ({}); restarting the run", channel.id(), token, refused.getMessage());
                cursors.pageDone(channel.id(), null, watermark, clock.instant());
                return;
            }
            watermark = later(watermark, read.newest());
            read.store().run();
            if (read.next() == null) {
                cursors.runDone(channel.id(), watermark == null ? cursor.position() : watermark.toString(), clock.instant());
                return;
            }
            cursors.pageDone(channel.id(), read.next(), watermark, clock.instant());
            token = read.next();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && (a == null || b.isAfter(a)) ? b : a;
    }

    /** One run's reading of a channel's pages. */
    @FunctionalInterface
    public interface Run {

        /**
         * Reads (does not store) the page at {@code token}, or the run's first page when it is
         * null; throws a {@link SourceException} when the source fails.
         */
        Page read(String token);

        /** The page to resume at, from the cursor's page token; null starts the run from its first page. */
        default String resume(String pageToken) {
            return pageToken;
        }

        /**
         * Whether a {@link SourceException.Refused} page after the run's first starts the run
         * again; if not, it fails the poll like any other refusal.
         */
        default boolean restartsWhenAPageIsRefused() {
            return true;
        }
    }

    /**
     * A page read from the source.
     *
     * @param newest the newest update time of what the page lists, or null
     * @param next the token of the next page, or null when this page is the run's last
     * @param store stores the page's messages; returns once all of them are stored
     */
    public record Page(Instant newest, String next, Runnable store) {

        /** A page of {@code items}, its newest update time taken from each item's {@code updatedAt} (null: unknown). */
        public static <T> Page of(Iterable<T> items, Function<? super T, Instant> updatedAt, String next, Runnable store) {
            Instant newest = null;
            for (T item : items) {
                newest = later(newest, updatedAt.apply(item));
            }
            return new Page(newest, next, store);
        }
    }
}
