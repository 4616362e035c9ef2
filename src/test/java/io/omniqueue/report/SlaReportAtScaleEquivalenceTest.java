package io.omniqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.sla.SlaPolicy;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The SLA report and its daily chart as they are read at scale give exactly the figures of the
 * statement they replace (kept below as the reference), on a varied history: several channels and
 * marketplaces, other policies and unknown ones, answers at the very instant of the question, shop
 * messages that never got through, operator messages that start no clock, conversations marked
 * "no reply needed" before and after a message, unanswered messages within and past the deadline,
 * times with microseconds, messages outside the period. H2 and PostgreSQL.
 */
class SlaReportAtScaleEquivalenceTest {

    /** The report's statement before issue 14: a probe of the message table per customer message. */
    private static final String REFERENCE_CUSTOMER_MESSAGES = """
            with contract (channel_id, policy_key, contract_seconds) as (values :contracts),
            customer_message as (
                select c.channel_id, c.marketplace, c.topic, m.sent_at, c.no_reply_at,
                       coalesce(p.contract_seconds, d.contract_seconds) as contract_seconds,
                       coalesce(cd.due_epoch,
                                extract(epoch from m.sent_at) + coalesce(p.contract_seconds, d.contract_seconds)) as due_epoch,
                       (select min(o.sent_at) from message o
                        where o.conversation_id = m.conversation_id and o.direction = 'OUTBOUND'
                          and o.sent_at >= m.sent_at
                          and o.undelivered = false
                       ) as answered_at
                from message m
                join conversation c on c.id = m.conversation_id
                join contract d on d.channel_id = c.channel_id and d.policy_key = :channelPolicy
                left join contract p on p.channel_id = c.channel_id and p.policy_key = c.sla_policy
                left join report_calendar_due cd on cd.run_id = :dueRun and cd.message_id = m.id
                where m.direction = 'INBOUND' and m.starts_clock = true
                  and m.sent_at >= :from and m.sent_at <= :to
            )
            """;

    private static final Instant NOW = Instant.parse("2026-11-30T10:15:30.123456Z");

    private static final List<Channel> CHANNELS = List.of(
            channel("eq-mail", "shop", Duration.ofHours(24), Map.of(Channel.AMAZON_POLICY, Duration.ofHours(48))),
            channel("eq-mirakl", "carrefour-fr", Duration.ofHours(72), Map.of()),
            channel("eq-form", "shop", Duration.ofHours(8), Map.of()));

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void reportAndDailyChartGiveTheFiguresOfTheStatementTheyReplace(String database) {
        DataSource dataSource = dataSource(database);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        history(new JdbcTemplate(dataSource));

        SlaReportQuery report = new SlaReportQuery(jdbc, new CalendarDues(jdbc, java.time.Clock.systemUTC()));
        SlaDailyQuery daily = new SlaDailyQuery(jdbc, new CalendarDues(jdbc, java.time.Clock.systemUTC()));
        for (int days : SlaReportService.PERIODS_IN_DAYS) {
            Instant from = NOW.minus(Duration.ofDays(days));
            Map<String, Map<String, SlaCounts>> counts = report.counts(CHANNELS, from, NOW);
            assertThat(counts).as("%d days on %s", days, database).isEqualTo(reference(jdbc, from));
            assertThat(counts.values().stream().mapToLong(m -> m.values().stream()
                    .mapToLong(SlaCounts::customerMessages).sum()).sum()).as("a period with customer messages").isPositive();
            Instant dayStart = NOW.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
            assertThat(daily.days(CHANNELS, dayStart, NOW)).as("daily, %d days on %s", days, database)
                    .isEqualTo(referenceDays(jdbc, dayStart));
        }
    }

    private static Map<String, Map<String, SlaCounts>> reference(JdbcClient jdbc, Instant from) {
        String sql = SlaReportQuery.sql().replace(SlaReportQuery.CUSTOMER_MESSAGES, REFERENCE_CUSTOMER_MESSAGES);
        assertThat(sql).contains("select min(o.sent_at)");
        return SlaReportQuery.run(jdbc, sql, CHANNELS, "no-calendar-channel", from, NOW);
    }

    private static Map<java.time.LocalDate, SlaDay> referenceDays(JdbcClient jdbc, Instant from) {
        String sql = SlaDailyQuery.sql().replace(SlaReportQuery.CUSTOMER_MESSAGES, REFERENCE_CUSTOMER_MESSAGES);
        assertThat(sql).contains("select min(o.sent_at)");
        return SlaDailyQuery.run(jdbc, sql, CHANNELS, "no-calendar-channel", from, NOW);
    }

    /** 400 conversations over 100 days, drawn with a fixed seed so a failure can be replayed. */
    private static void history(JdbcTemplate db) {
        Random random = new Random(14);
        String[] marketplaces = {"shop", "amazon.es", "amazon.fr", "carrefour-fr"};
        String[] policies = {null, null, Channel.AMAZON_POLICY, "retired-policy"};
        List<Object[]> conversations = new ArrayList<>();
        List<Object[]> messages = new ArrayList<>();
        long messageId = 0;
        for (long id = 1; id <= 400; id++) {
            Channel channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
            Instant start = NOW.minus(Duration.ofMinutes(random.nextInt(100 * 24 * 60)))
                    .plus(random.nextInt(1_000_000), ChronoUnit.MICROS);
            Instant at = start;
            Instant noReplyAt = null;
            int count = 1 + random.nextInt(6);
            for (int k = 0; k < count; k++) {
                boolean inbound = k == 0 || random.nextInt(3) > 0;
                boolean tie = !inbound && random.nextInt(5) == 0;
                at = tie ? at : at.plus(Duration.ofMinutes(random.nextInt(5 * 24 * 60)))
                        .plus(random.nextInt(1_000_000), ChronoUnit.MICROS);
                boolean operator = inbound && random.nextInt(10) == 0;
                boolean undelivered = !inbound && random.nextInt(8) == 0;
                messages.add(new Object[] {++messageId, id, channel.id(), "eq-" + messageId, inbound ? "INBOUND" : "OUTBOUND",
                        inbound ? (operator ? "OPERATOR" : "CUSTOMER") : "SHOP", "text", Timestamp.from(at), Timestamp.from(at),
                        inbound && !operator, undelivered});
                if (random.nextInt(12) == 0) {
                    noReplyAt = at.plus(Duration.ofMinutes(random.nextInt(3) - 1));
                }
            }
            conversations.add(new Object[] {id, channel.id(), "eq-thread-" + id, noReplyAt == null ? "NEEDS_REPLY" : "NO_REPLY_NEEDED",
                    Timestamp.from(start), noReplyAt == null ? null : Timestamp.from(noReplyAt), noReplyAt == null ? null : "agent",
                    marketplaces[random.nextInt(marketplaces.length)], policies[random.nextInt(policies.length)]});
        }
        db.batchUpdate("""
                insert into conversation (id, channel_id, external_thread_id, status, created_at, no_reply_at, no_reply_by,
                                          marketplace, sla_policy) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", conversations);
        db.batchUpdate("""
                insert into message (id, conversation_id, channel_id, external_message_id, direction, author_role, body,
                                     sent_at, received_at, starts_clock, undelivered) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                messages);
    }

    private static DataSource dataSource(String database) {
        if (database.equals("h2")) {
            return new DriverManagerDataSource("jdbc:h2:mem:eq-" + System.nanoTime()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        }
        return new DriverManagerDataSource(EmbeddedPostgresDatabases.newDatabaseUrl(), "postgres", "");
    }

    private static Channel channel(String id, String marketplace, Duration contract, Map<String, Duration> others) {
        Map<String, SlaPolicy> policies = new HashMap<>();
        others.forEach((key, value) -> policies.put(key, SlaPolicy.wallClock(value)));
        return new Channel(new ChannelSettings(id, "webhook", null, null, null, marketplace), null, marketplace,
                SlaPolicy.wallClock(contract), policies);
    }
}
