package io.omniqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The daily series behind the report's chart, over a history written by hand, the same on every
 * database: subclasses only say which. One channel (contract 24 h) holds a few days whose late rate
 * and median are worked out in the comments. Days are UTC days.
 */
@SpringBootTest
@Import(TestClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SlaDailyContract {

    static final String DAILY = "sla-daily";
    static final long HOUR = 3600;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    SlaReportService reports;
    @Autowired
    ChannelRegistry channels;

    LocalDate today;

    static void commonProperties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://localhost:9"));
        // Indexes 0-2 are TestChannels'.
        registry.add("omniqueue.channels[3].id", () -> DAILY);
        registry.add("omniqueue.channels[3].kind", () -> "webhook");
        registry.add("omniqueue.channels[3].callback-url", () -> "http://localhost:9/" + DAILY);
        registry.add("omniqueue.channels[3].sla.contract", () -> "PT24H");
    }

    @BeforeAll
    void writeHistory() {
        today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        HistoryRows rows = new HistoryRows(jdbc);

        // Three days ago: answered after 1 h and 2 h (within), and after 30 h (late).
        // Late rate 1 / 3; median of 3,600, 7,200, 108,000 = 7,200. The first is sent at the day's very start.
        answered(rows, at(3, 0), 1);
        answered(rows, at(3, 6), 2);
        answered(rows, at(3, 12), 30);

        // Five days ago: answered after 3 h (within); never answered, now days past its 24 h (late);
        // marked "no reply needed" after it (left out of the rate). Late rate 1 / (3 - 1);
        // median over the one answer: 10,800.
        answered(rows, at(5, 9), 3);
        long open = rows.conversation(DAILY, null);
        rows.customerMessage(open, DAILY, at(5, 10));
        long thanks = rows.conversation(DAILY, null);
        rows.customerMessage(thanks, DAILY, at(5, 11));
        rows.noReplyNeeded(thanks, at(5, 12));

        // Six days ago, one second before midnight: it belongs to the sixth day, not the fifth.
        // Answered after 4 h, within: rate 0, median 14,400.
        answered(rows, at(5, 0).minusSeconds(1), 4);

        // Forty days ago: outside the last 30 days.
        answered(rows, at(40, 12), 30);
    }

    private void answered(HistoryRows rows, Instant sentAt, long afterHours) {
        long c = rows.conversation(DAILY, null);
        rows.customerMessage(c, DAILY, sentAt);
        rows.shopMessage(c, DAILY, sentAt.plusSeconds(afterHours * HOUR));
    }

    private Instant at(int daysAgo, int hour) {
        return today.minusDays(daysAgo).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(hour));
    }

    private List<SlaDay> series() {
        Channel channel = channels.find(DAILY).orElseThrow();
        return reports.daily(List.of(channel), 30);
    }

    private SlaDay day(int daysAgo) {
        return series().stream().filter(d -> d.day().equals(today.minusDays(daysAgo))).findFirst().orElseThrow();
    }

    @Test
    void dayWithOneLateAnswerOfThreeHasAThirdLateAndTheMiddleResponseTime() {
        assertThat(day(3)).isEqualTo(new SlaDay(today.minusDays(3), 3, 1, 1.0 / 3, 7_200L));
    }

    @Test
    void unansweredPastTheContractIsLateAndNoReplyNeededIsLeftOutOfTheRate() {
        assertThat(day(5)).isEqualTo(new SlaDay(today.minusDays(5), 3, 1, 1.0 / 2, 10_800L));
    }

    @Test
    void messageOneSecondBeforeMidnightUtcCountsOnThatDay() {
        assertThat(day(6)).isEqualTo(new SlaDay(today.minusDays(6), 1, 0, 0.0, 14_400L));
    }

    @Test
    void seriesHasEveryOneOfTheLastThirtyDaysOldestFirstWithEmptyDaysWithoutFigures() {
        List<SlaDay> series = series();

        assertThat(series).hasSize(30);
        assertThat(series.get(0).day()).isEqualTo(today.minusDays(29));
        assertThat(series.get(29).day()).isEqualTo(today);
        assertThat(series.stream().mapToLong(SlaDay::customerMessages).sum())
                .as("the 40-day-old message is outside").isEqualTo(7);
        assertThat(day(4)).isEqualTo(new SlaDay(today.minusDays(4), 0, 0, null, null));
    }
}
