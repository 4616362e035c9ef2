package io.omniqueue.report;

import io.omniqueue.channel.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Response-time figures per channel and marketplace over the last 7, 30 or 90 days: the periods
 * the marketplaces themselves judge sellers on (Amazon's Late Response Rate, Mirakl's 30-day average).
 */
@Service
public class SlaReportService {

    public static final List<Integer> PERIODS_IN_DAYS = List.of(7, 30, 90);
    public static final int DEFAULT_DAYS = 30;

    private final SlaReportQuery query;
    private final SlaDailyQuery daily;
    private final Clock clock;

    SlaReportService(SlaReportQuery query, SlaDailyQuery daily, Clock clock) {
        this.query = query;
        this.daily = daily;
        this.clock = clock;
    }

    /**
     * The late-response rate and median response time of each of the last {@code days} UTC days,
     * today included (so far), oldest first; a day without customer messages is there with no figures,
     * so a chart shows the gap rather than joining its neighbours.
     *
     * @param days one of {@link #PERIODS_IN_DAYS}
     */
    public List<SlaDay> daily(Collection<Channel> channels, int days) {
        if (!PERIODS_IN_DAYS.contains(days)) {
            throw new IllegalArgumentException("days must be one of " + PERIODS_IN_DAYS + ", was " + days);
        }
        Instant to = clock.instant();
        LocalDate today = LocalDate.ofInstant(to, ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, SlaDay> found = daily.days(channels, first.atStartOfDay(ZoneOffset.UTC).toInstant(), to);
        List<SlaDay> series = new ArrayList<>(days);
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            series.add(found.getOrDefault(day, SlaDay.empty(day)));
        }
        return series;
    }

    /**
     * @param channels the channels to report on, in the order wanted
     * @param days one of {@link #PERIODS_IN_DAYS}
     * @throws IllegalArgumentException for any other period
     */
    public SlaReport report(Collection<Channel> channels, int days) {
        if (!PERIODS_IN_DAYS.contains(days)) {
            throw new IllegalArgumentException("days must be one of " + PERIODS_IN_DAYS + ", was " + days);
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        Map<String, Map<String, SlaCounts>> counts = query.counts(channels, from, to);
        List<ChannelSla> figures = new ArrayList<>();
        for (Channel channel : channels) {
            Map<String, SlaCounts> byMarketplace = new TreeMap<>(counts.getOrDefault(channel.id(), Map.of()));
            // The channel's own marketplace comes first and is always there, zeros included, as the
            // channel's row was before marketplaces; the others (Amazon's sites) follow by name.
            SlaCounts own = byMarketplace.remove(channel.marketplace());
            figures.add(ChannelSla.of(channel.id(), channel.marketplace(), channel.policy().contract(),
                    own == null ? SlaCounts.NONE : own));
            byMarketplace.forEach((marketplace, row) ->
                    figures.add(ChannelSla.of(channel.id(), marketplace, channel.policy().contract(), row)));
        }
        return new SlaReport(days, from, to, figures);
    }
}
