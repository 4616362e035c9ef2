package io.omniqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.sla.BusinessCalendar;
import io.omniqueue.sla.SlaPolicy;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.Migrations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The SLA report, its daily chart and the topic report, read from the answered customer messages
 * (report_customer_message), give exactly the figures of the statement they replace (kept below as
 * the reference: a probe of the message table per customer message), on a varied history: several
 * channels and marketplaces, other policies and unknown ones, a channel whose contract counts working
 * days, answers at the very instant of the question, shop messages that never got through, operator
 * messages that start no clock, conversations marked "no reply needed" before and after a message,
 * unanswered messages within and past the deadline, times with microseconds, messages outside the
 * period, erased threads. First as V22 fills the rows of a history stored before it (an upgraded
 * database), then after the threads changed as the ingest and the outbox change them (replies added,
 * marked undelivered, given way; customer messages added), each change followed by the recompute
 * those writers trigger. H2 and PostgreSQL.
 */
class SlaReportAtScaleEquivalenceTest {

    /**
     * The reports' statements before issue 14, kept whole: a probe of the message table per customer
     * message and a join of its conversation. Only the parameters and the calendar dues they read
     * changed unit (microseconds since V29), turned back into the exact seconds the statement took:
     * {@code cast(:nowUs as bigint) * 0.000001} is NOW exactly, which has no digit below the microsecond.
     * The average now comes from the exact sum of the response times and their count (rounded half up in
     * Java rather than from avg's rounded quotient): the reference gives its exact sum the same way, and
     * its {@code avg} as it was, which the test compares too.
     */
    private static final String REFERENCE_CUSTOMER_MESSAGES = """
            with contract (channel_id, policy_key, contract_seconds) as (values :contracts),
            customer_message as (
                select c.channel_id, c.marketplace, c.topic, m.sent_at, c.no_reply_at,
                       coalesce(p.contract_seconds, d.contract_seconds) as contract_seconds,
                       coalesce(cd.due_us * 0.000001,
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

    /** The classification of the statement before issue 14, as it was. */
    private static final String REFERENCE_CLASSIFIED = REFERENCE_CUSTOMER_MESSAGES + """
            , classified as (
                select channel_id, marketplace, topic, contract_seconds, due_epoch,
                       extract(epoch from answered_at) as answered_epoch,
                       extract(epoch from answered_at) - extract(epoch from sent_at) as response_seconds,
                       case when answered_at is null and no_reply_at >= sent_at then 1 else 0 end as no_reply_needed
                from customer_message
            )
            """;

    private static final String REFERENCE_COUNTS = """
                   count(*) as customer_messages,
                   sum(case when answered_epoch <= due_epoch then 1 else 0 end) as within_contract,
                   sum(case when answered_epoch > due_epoch then 1 else 0 end) as late,
                   sum(case when response_seconds is null and no_reply_needed = 0 and cast(:nowUs as bigint) * 0.000001 > due_epoch
                            then 1 else 0 end) as open_past_deadline,
                   sum(case when response_seconds is null and no_reply_needed = 0 and cast(:nowUs as bigint) * 0.000001 <= due_epoch
                            then 1 else 0 end) as open_within_deadline,
                   sum(no_reply_needed) as no_reply_needed
            """;

    private static final String REFERENCE_REPORT = REFERENCE_CLASSIFIED + """
            select channel_id, marketplace,
                   case when min(contract_seconds) = max(contract_seconds) then min(contract_seconds) end
                       as contract_seconds,
            """ + REFERENCE_COUNTS + """
            ,
                   sum(response_seconds) * 1000000 as response_us_sum,
                   count(response_seconds) as answered,
                   avg(response_seconds) as average_seconds,
                   percentile_cont(0.9) within group (order by cast(response_seconds as double precision)) as p90_seconds
            from classified
            group by channel_id, marketplace""";

    private static final String REFERENCE_DAILY = REFERENCE_CUSTOMER_MESSAGES + """
            , classified as (
                select floor(extract(epoch from sent_at) / 86400) as epoch_day, due_epoch,
                       extract(epoch from answered_at) as answered_epoch,
                       extract(epoch from answered_at) - extract(epoch from sent_at) as response_seconds,
                       case when answered_at is null and no_reply_at >= sent_at then 1 else 0 end as no_reply_needed
                from customer_message
            )
            select epoch_day,
                   count(*) as customer_messages,
                   sum(case when answered_epoch > due_epoch then 1
                            when response_seconds is null and no_reply_needed = 0 and cast(:nowUs as bigint) * 0.000001 > due_epoch then 1
                            else 0 end) as late,
                   sum(no_reply_needed) as no_reply_needed,
                   percentile_cont(0.5) within group (order by cast(response_seconds as double precision)) as median_seconds
            from classified
            group by epoch_day""";

    private static final String REFERENCE_TOPICS = REFERENCE_CLASSIFIED + """
            select marketplace, coalesce(topic, 'other') as topic,
            """ + REFERENCE_COUNTS + """
            from classified
            group by marketplace, coalesce(topic, 'other')
            order by marketplace, topic""";

    private static final Instant NOW = Instant.parse("2026-11-30T10:15:30.123456Z");

    /** Kaufland's 48 hours, counted on weekdays only. */
    private static final SlaPolicy WORKING_DAYS = new SlaPolicy(Duration.ofHours(48), null,
            BusinessCalendar.wholeDays(ZoneId.of("Europe/Berlin"), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Set.of()));

    private static final List<Channel> CHANNELS = List.of(
            channel("eq-mail", "shop", Duration.ofHours(24), Map.of(Channel.AMAZON_POLICY, Duration.ofHours(48))),
            channel("eq-mirakl", "carrefour-fr", Duration.ofHours(72), Map.of()),
            channel("eq-form", "shop", Duration.ofHours(8), Map.of()),
            new Channel(new ChannelSettings("eq-kaufland", "webhook", null, null, null, "kaufland.de"), null,
                    "kaufland.de", WORKING_DAYS, Map.of()));

    private static final String[] TOPICS = {null, "delivery", "return", "thanks"};

    /** The migration that fills the answered customer messages: the history is written before it, as an older release wrote it. */
    private static final String ANSWERS = "22";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void reportsGiveTheFiguresOfTheStatementTheyReplaceAfterTheBackfillAndAfterTheThreadsChange(String database) {
        DataSource dataSource = dataSource(database);
        Migrations.before(Flyway.configure().dataSource(dataSource).locations("classpath:db/migration"), ANSWERS);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        history(new JdbcTemplate(dataSource));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        assertThat(jdbc.sql("select count(*) from report_customer_message").query(Long.class).single())
                .as("V22 filled the answered customer messages").isPositive();
        compareWithReference(jdbc, database + ", after V22's backfill");

        changeThreads(jdbc, new AnsweredCustomerMessages(jdbc));
        compareWithReference(jdbc, database + ", after the threads changed");
    }

    private static void compareWithReference(JdbcClient jdbc, String when) {
        CalendarDues dues = new CalendarDues(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
        SlaReportQuery report = new SlaReportQuery(jdbc, dues);
        SlaDailyQuery daily = new SlaDailyQuery(jdbc, dues);
        TopicReportQuery topics = new TopicReportQuery(jdbc, dues);
        for (int days : SlaReportService.PERIODS_IN_DAYS) {
            Instant from = NOW.minus(Duration.ofDays(days));
            Map<String, Map<String, SlaCounts>> counts = report.counts(CHANNELS, from, NOW);
            assertThat(counts).as("%d days, %s", days, when).isEqualTo(reference(dues, jdbc, from));
            assertThat(averages(counts)).as("averages, %d days, %s", days, when)
                    .isEqualTo(referenceAverages(dues, jdbc, from));
            assertThat(counts.values().stream().mapToLong(m -> m.values().stream()
                    .mapToLong(SlaCounts::customerMessages).sum()).sum()).as("a period with customer messages").isPositive();
            Instant dayStart = NOW.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
            assertThat(daily.days(CHANNELS, dayStart, NOW)).as("daily, %d days, %s", days, when)
                    .isEqualTo(referenceDays(dues, jdbc, dayStart));
            assertThat(topics.rows(CHANNELS, from, NOW)).as("topics, %d days, %s", days, when)
                    .isEqualTo(referenceTopics(dues, jdbc, from));
        }
    }

    private static Map<String, Map<String, SlaCounts>> reference(CalendarDues dues, JdbcClient jdbc, Instant from) {
        return dues.during(CHANNELS, from, NOW, run -> SlaReportQuery.run(jdbc, REFERENCE_REPORT, CHANNELS, run, from, NOW));
    }

    private static Map<String, Long> averages(Map<String, Map<String, SlaCounts>> counts) {
        Map<String, Long> averages = new HashMap<>();
        counts.forEach((channel, byMarketplace) -> byMarketplace.forEach((marketplace, row) -> {
            if (row.averageResponseSeconds() != null) {
                averages.put(channel + "/" + marketplace, row.averageResponseSeconds());
            }
        }));
        return averages;
    }

    /** The old statement's own average: avg of the numeric seconds, rounded half up to whole seconds as the report did. */
    private static Map<String, Long> referenceAverages(CalendarDues dues, JdbcClient jdbc, Instant from) {
        return dues.during(CHANNELS, from, NOW, run -> {
            Map<String, Long> averages = new HashMap<>();
            jdbc.sql(REFERENCE_REPORT)
                    .param("contracts", SlaReportQuery.contracts(CHANNELS))
                    .param("dueRun", run)
                    .param("channelPolicy", SlaReportQuery.CHANNEL_POLICY)
                    .param("from", SqlTime.param(from))
                    .param("to", SqlTime.param(NOW))
                    .param("nowUs", SlaReportQuery.nowMicros(NOW))
                    .query(rs -> {
                        BigDecimal average = rs.getBigDecimal("average_seconds");
                        if (average != null) {
                            averages.put(rs.getString("channel_id") + "/" + rs.getString("marketplace"),
                                    average.setScale(0, RoundingMode.HALF_UP).longValueExact());
                        }
                    });
            return averages;
        });
    }

    private static Map<java.time.LocalDate, SlaDay> referenceDays(CalendarDues dues, JdbcClient jdbc, Instant from) {
        return dues.during(CHANNELS, from, NOW, run -> SlaDailyQuery.run(jdbc, REFERENCE_DAILY, CHANNELS, run, from, NOW));
    }

    private static List<TopicSla> referenceTopics(CalendarDues dues, JdbcClient jdbc, Instant from) {
        return dues.during(CHANNELS, from, NOW, run -> TopicReportQuery.run(jdbc, REFERENCE_TOPICS, CHANNELS, run, from, NOW));
    }

    /**
     * What the conversation's writers do, on 160 conversations drawn with a fixed seed, each followed
     * by the recompute they trigger: a reply added (sometimes at the very instant of the last message),
     * a reply marked undelivered, a poll's copy of a reply giving way (deleted), a customer message
     * added (sometimes before the conversation's last answer), an erasure (bodies emptied), a no-reply
     * mark, a topic correction; then a channel's {@code shop} conversations moved to its marketplace.
     */
    private static void changeThreads(JdbcClient jdbc, AnsweredCustomerMessages answered) {
        Random random = new Random(22);
        long nextId = jdbc.sql("select max(id) from message").query(Long.class).single() + 1;
        for (int i = 0; i < 160; i++) {
            long conversation = 1 + random.nextInt(400);
            String channel = jdbc.sql("select channel_id from conversation where id = :c").param("c", conversation)
                    .query(String.class).single();
            Instant last = jdbc.sql("select max(sent_at) from message where conversation_id = :c").param("c", conversation)
                    .query(Timestamp.class).single().toInstant();
            switch (random.nextInt(7)) {
                case 0 -> insertMessage(jdbc, nextId++, conversation, channel, "OUTBOUND",
                        random.nextBoolean() ? last : last.plus(Duration.ofMinutes(random.nextInt(5000))));
                case 1 -> jdbc.sql("""
                        update message set undelivered = true where id = (select min(id) from message
                            where conversation_id = :c and direction = 'OUTBOUND' and undelivered = false)""")
                        .param("c", conversation).update();
                case 2 -> jdbc.sql("""
                        delete from message where id = (select max(id) from message
                            where conversation_id = :c and direction = 'OUTBOUND')""")
                        .param("c", conversation).update();
                case 3 -> insertMessage(jdbc, nextId++, conversation, channel, "INBOUND",
                        last.minus(Duration.ofMinutes(random.nextInt(3000) - 1000)));
                case 4 -> jdbc.sql("update message set body = null, author = null where conversation_id = :c")
                        .param("c", conversation).update();
                case 5 -> jdbc.sql("update conversation set no_reply_at = :at, no_reply_by = 'agent' where id = :c")
                        .param("at", Timestamp.from(last.plus(Duration.ofMinutes(random.nextInt(3) - 1))))
                        .param("c", conversation).update();
                default -> jdbc.sql("update conversation set topic = :topic where id = :c")
                        .param("topic", TOPICS[random.nextInt(TOPICS.length)]).param("c", conversation).update();
            }
            answered.changed(conversation);
        }
        jdbc.sql("update conversation set marketplace = 'form-moved' where channel_id = 'eq-form' and marketplace = 'shop'").update();
        answered.marketplaceMoved("eq-form", "form-moved");
    }

    private static void insertMessage(JdbcClient jdbc, long id, long conversation, String channel, String direction,
                                      Instant at) {
        jdbc.sql("""
                insert into message (id, conversation_id, channel_id, external_message_id, direction, author_role, body,
                                     sent_at, received_at, starts_clock, undelivered)
                values (:id, :c, :channel, :external, :direction, :role, 'text', :at, :at, :starts, false)""")
                .param("id", id).param("c", conversation).param("channel", channel).param("external", "eq-" + id)
                .param("direction", direction).param("role", "INBOUND".equals(direction) ? "CUSTOMER" : "SHOP")
                .param("at", Timestamp.from(at)).param("starts", "INBOUND".equals(direction))
                .update();
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
                    marketplaces[random.nextInt(marketplaces.length)], policies[random.nextInt(policies.length)],
                    TOPICS[random.nextInt(TOPICS.length)]});
        }
        db.batchUpdate("""
                insert into conversation (id, channel_id, external_thread_id, status, created_at, no_reply_at, no_reply_by,
                                          marketplace, sla_policy, topic) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", conversations);
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
