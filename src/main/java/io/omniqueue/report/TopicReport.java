package io.omniqueue.report;

import io.omniqueue.channel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The SLA report cut by marketplace and reason for writing, over the last 7, 30 or 90 days.
 *
 * @param rows by marketplace, then topic, both by name; a pair without customer messages is absent
 */
public record TopicReport(int days, Instant from, Instant to, List<TopicSla> rows) {

    public TopicReport {
        rows = List.copyOf(rows);
    }

    /** Builds it for the channels' customer messages of the last {@code days}; see {@link TopicReportQuery}. */
    @org.springframework.stereotype.Service
    public static class Maker {

        private final TopicReportQuery query;
        private final java.time.Clock clock;

        Maker(TopicReportQuery query, java.time.Clock clock) {
            this.query = query;
            this.clock = clock;
        }

        /** @param days one of {@link SlaReportService#PERIODS_IN_DAYS} */
        public TopicReport report(Collection<Channel> channels, int days) {
            if (!SlaReportService.PERIODS_IN_DAYS.contains(days)) {
                throw new IllegalArgumentException("days must be one of " + SlaReportService.PERIODS_IN_DAYS + ", was " + days);
            }
            Instant to = clock.instant();
            Instant from = to.minus(Duration.ofDays(days));
            return new TopicReport(days, from, to, query.rows(channels, from, to));
        }
    }
}
