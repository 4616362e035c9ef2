package io.omniqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.sla.BusinessCalendar;
import io.omniqueue.sla.SlaPolicy;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.Migrations;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A busy channel whose contract counts working days (Kaufland's) still gets its report on
 * PostgreSQL: its messages' due times are more than PostgreSQL takes as bind parameters in one
 * statement (32,767), so they go through a table, which is empty again afterwards.
 */
class SlaReportBusyCalendarChannelTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z"); // a Wednesday
    static final int MESSAGES = 20_000;

    @Test
    void aNinetyDayReportOfTwentyThousandWorkingDayMessagesRunsOnPostgresAndLeavesNoRows() {
        DataSource dataSource = new DriverManagerDataSource(EmbeddedPostgresDatabases.newDatabaseUrl(), "postgres", "");
        // Written as an older release wrote it; V22 then fills the answered customer messages.
        Migrations.before(Flyway.configure().dataSource(dataSource).locations("classpath:db/migration"), "22");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        JdbcTemplate db = new JdbcTemplate(dataSource);
        BusinessCalendar weekdays = BusinessCalendar.wholeDays(ZoneId.of("Europe/Berlin"),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Set.of());
        Channel kaufland = new Channel(new ChannelSettings("busy-kaufland", "webhook", null, null, null, "kaufland.de"), null,
                "kaufland.de", new SlaPolicy(Duration.ofHours(48), null, weekdays), Map.of());

        // Every 5 minutes a conversation opens; each is answered 60 hours later: late when sent early
        // in the week (Monday 10:00 is due Wednesday 10:00), in time when a weekend lies in between
        // (Friday 10:00 is due Tuesday 10:00), where 48 wall-clock hours would call both late.
        List<Object[]> conversations = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            Instant sent = NOW.minus(Duration.ofMinutes(5L * (i + 1)));
            conversations.add(new Object[] {(long) i + 1, "t-" + i, Timestamp.from(sent)});
            rows.add(new Object[] {2L * i + 1, (long) i + 1, "c" + i, "INBOUND", "CUSTOMER", Timestamp.from(sent), true});
            rows.add(new Object[] {2L * i + 2, (long) i + 1, "s" + i, "OUTBOUND", "SHOP",
                Timestamp.from(sent.plus(Duration.ofHours(60))), false});
        }
        db.batchUpdate("""
                insert into conversation (id, channel_id, external_thread_id, status, created_at, marketplace)
                values (?, 'busy-kaufland', ?, 'WAITING_CUSTOMER', ?, 'kaufland.de')""", conversations);
        db.batchUpdate("""
                insert into message (id, conversation_id, channel_id, external_message_id, direction, author_role, body,
                                     sent_at, received_at, starts_clock, undelivered)
                values (?, ?, 'busy-kaufland', ?, ?, ?, 'text', ?, ?, ?, false)""",
                rows.stream().map(r -> new Object[] {r[0], r[1], r[2], r[3], r[4], r[5], r[5], r[6]}).toList());

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        SlaReportQuery report = new SlaReportQuery(jdbc, new CalendarDues(jdbc, Clock.fixed(NOW, ZoneId.of("UTC"))));
        SlaCounts counts = report.counts(List.of(kaufland), NOW.minus(Duration.ofDays(90)), NOW).get("busy-kaufland").get("kaufland.de");

        assertThat(counts.customerMessages()).isEqualTo(MESSAGES);
        long expectedLate = rows.stream().filter(r -> "INBOUND".equals(r[3])).filter(r -> {
            Instant sent = ((Timestamp) r[5]).toInstant();
            Instant due = kaufland.policy().deadlinesFor(sent).contractDueAt();
            return sent.plus(Duration.ofHours(60)).isAfter(due);
        }).count();
        assertThat(expectedLate).as("the history has late answers and answers in time").isBetween(1L, (long) MESSAGES - 1);
        assertThat(counts.answeredLate()).isEqualTo(expectedLate);
        assertThat(counts.answeredWithinContract() + counts.openPastDeadline() + counts.openWithinDeadline())
                .isEqualTo(MESSAGES - expectedLate);
        assertThat(jdbc.sql("select count(*) from report_calendar_due").query(Long.class).single()).isZero();
    }
}
