package io.omniqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A channel whose contract is 48 hours in working days (Kaufland's) is judged by that due time in
 * the SLA report and its daily chart, not by 48 wall-clock hours.
 */
@SpringBootTest
@Import(TestClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlaReportWorkingDaysTest {

    static final String KAUFLAND = "sla-kaufland";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    SlaReportService reports;
    @Autowired
    ChannelRegistry channels;

    LocalDate wednesday;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://localhost:9"));
        String url = "jdbc:h2:mem:sla-working-days-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        registry.add("spring.datasource.url", () -> url);
        String p = "omniqueue.channels[3].";
        registry.add(p + "id", () -> KAUFLAND);
        registry.add(p + "kind", () -> "webhook");
        registry.add(p + "callback-url", () -> "http://localhost:9/" + KAUFLAND);
        registry.add(p + "sla.contract", () -> "PT48H");
        registry.add(p + "sla.contract-calendar.zone", () -> "Europe/Berlin");
    }

    Instant berlin(LocalDate day, int hour) {
        return ZonedDateTime.of(day, LocalTime.of(hour, 0), BERLIN).toInstant();
    }

    @BeforeAll
    void writeHistory() {
        // "Now" is a Wednesday noon in Berlin, at least a week ahead of the clock's start.
        wednesday = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(7).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY));
        clock.advance(Duration.between(clock.instant(), berlin(wednesday, 12)));
        LocalDate friday = wednesday.minusDays(5);
        HistoryRows rows = new HistoryRows(jdbc);

        long c = rows.conversation(KAUFLAND, null);
        rows.customerMessage(c, KAUFLAND, berlin(friday, 15));
        rows.shopMessage(c, KAUFLAND, berlin(wednesday.minusDays(2), 15));   // Monday 15:00: 72 h, but due Tuesday 15:00: within
        c = rows.conversation(KAUFLAND, null);
        rows.customerMessage(c, KAUFLAND, berlin(friday, 15));
        rows.shopMessage(c, KAUFLAND, berlin(wednesday.minusDays(1), 16));   // Tuesday 16:00: an hour late
        c = rows.conversation(KAUFLAND, null);
        rows.customerMessage(c, KAUFLAND, berlin(wednesday.minusDays(2), 9)); // Monday 09:00, due Wednesday 09:00: open, past
    }

    @Test
    void theReportJudgesAWorkingDayContractByItsDueTime() {
        Channel channel = channels.find(KAUFLAND).orElseThrow();
        ChannelSla row = reports.report(List.of(channel), 7).channels().get(0);
        assertThat(row.customerMessages()).isEqualTo(3);
        assertThat(row.answeredWithinContract()).as("Friday 15:00 answered Monday 15:00 is within 48 working hours").isEqualTo(1);
        assertThat(row.answeredLate()).isEqualTo(1);
        assertThat(row.openPastDeadline()).isEqualTo(1);
        assertThat(row.openWithinDeadline()).isZero();
        assertThat(row.contract()).isEqualTo(Duration.ofHours(48));
    }

    @Test
    void theDailyChartJudgesAWorkingDayContractByItsDueTime() {
        Channel channel = channels.find(KAUFLAND).orElseThrow();
        LocalDate fridayUtc = LocalDate.ofInstant(berlin(wednesday.minusDays(5), 15), ZoneOffset.UTC);
        SlaDay friday = reports.daily(List.of(channel), 7).stream().filter(d -> d.day().equals(fridayUtc)).findFirst().orElseThrow();
        assertThat(friday.customerMessages()).isEqualTo(2);
        assertThat(friday.late()).isEqualTo(1);
    }
}
