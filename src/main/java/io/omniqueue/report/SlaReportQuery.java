package io.omniqueue.report;

import io.omniqueue.channel.Channel;
import io.omniqueue.platform.SqlTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Classifies and counts customer messages in one statement, from the rows
 * {@link AnsweredCustomerMessages} keeps (one a customer message).
 *
 * <p>Portable SQL, checked on H2 2.3 (MODE=PostgreSQL) and PostgreSQL 14+:
 * <ul>
 *   <li>times are whole microseconds since the epoch ({@code bigint}, kept with each row by
 *       {@link AnsweredCustomerMessages}), so durations and comparisons with the contract are integer
 *       arithmetic: exact, with no interval type (H2's {@code INTERVAL DAY TO SECOND}, PostgreSQL's
 *       {@code interval}) and none of the {@code numeric} arithmetic that was a third of the statement's
 *       CPU at 1 M conversations;</li>
 *   <li>the contracts come in as a {@code values} list of parameters (a CTE with column names),
 *       so no policy is copied into the database and a changed configuration applies at once;</li>
 *   <li>"now" comes in as microseconds too (a numeric parameter, see {@link #nowMicros}), so a
 *       message's age is the same integer arithmetic;</li>
 *   <li>{@code percentile_cont(0.9) within group (order by ...)} exists in both; PostgreSQL's takes
 *       {@code double precision} (there is no numeric variant): the microseconds as a double divided
 *       by 10^6 is the double nearest the exact seconds, the value the statement sorted before.</li>
 * </ul>
 */
@Repository
class SlaReportQuery {

    /** The policy key under which a channel's own contract is passed ({@code sla_policy} is null for it). */
    static final String CHANNEL_POLICY = "";

    // Shared with SlaDailyQuery, so the daily chart and the table judge the same messages the same way.
    // A customer message is answered by the first shop message of its conversation sent at or after
    // it (the clock's rule: a stop at the very instant covers it); a shop message marked undelivered (its reply
    // ended FAILED) never reached the customer. That answer, and the conversation's channel, marketplace,
    // policy, topic and no-reply mark, are kept with each customer message in report_customer_message
    // (AnsweredCustomerMessages), so a period is a range of those narrow rows rather than, for each
    // customer message, a look-up among all messages and conversations (13.7 s for 90 days at 1 M
    // conversations). An unknown sla_policy falls back to the channel's contract, as Channel.policy does.
    // A message is late when answered after its due time: sent time plus the contract, or, on a
    // channel whose contract counts working days only, the due time CalendarDues computed. Times are
    // kept as whole microseconds since the epoch (sent_us, answered_us, V29), so durations are integer
    // arithmetic; the contracts come in as seconds (bigint).
    static final String CUSTOMER_MESSAGES = """
            with contract (channel_id, policy_key, contract_seconds) as (values :contracts),
            customer_message as (
                select f.channel_id, f.marketplace, f.topic, f.sent_at, f.sent_us, f.no_reply_at,
                       coalesce(p.contract_seconds, d.contract_seconds) as contract_seconds,
                       coalesce(cd.due_us, f.sent_us + cast(coalesce(p.contract_seconds, d.contract_seconds) as bigint) * 1000000) as due_us,
                       f.answered_us
                from report_customer_message f
                join contract d on d.channel_id = f.channel_id and d.policy_key = :channelPolicy
                left join contract p on p.channel_id = f.channel_id and p.policy_key = f.sla_policy
                left join report_calendar_due cd on cd.run_id = :dueRun and cd.message_id = f.message_id
                where f.sent_at >= :from and f.sent_at <= :to
                -- A fence: computed once a row here, not again for each use of due_us below
                -- (PostgreSQL would inline the CTE). The rows and their order do not change.
                offset 0 rows
            )
            """;

    // Shared with TopicReportQuery: each customer message's response time, age and no-reply mark, and
    // the five counts every customer message falls in exactly one of.
    static final String CLASSIFIED = CUSTOMER_MESSAGES + """
            , classified as (
                select channel_id, marketplace, topic, contract_seconds, due_us, answered_us,
                       answered_us - sent_us as response_us,
                       case when answered_us is null and no_reply_at >= sent_at then 1 else 0 end as no_reply_needed
                from customer_message
            )
            """;

    static final String COUNTS = """
                   count(*) as customer_messages,
                   sum(case when answered_us <= due_us then 1 else 0 end) as within_contract,
                   sum(case when answered_us > due_us then 1 else 0 end) as late,
                   sum(case when response_us is null and no_reply_needed = 0 and :nowUs > due_us
                            then 1 else 0 end) as open_past_deadline,
                   sum(case when response_us is null and no_reply_needed = 0 and :nowUs <= due_us
                            then 1 else 0 end) as open_within_deadline,
                   sum(no_reply_needed) as no_reply_needed
            """;

    private static final String SQL = CLASSIFIED + """
            select channel_id, marketplace,
                   case when min(contract_seconds) = max(contract_seconds) then min(contract_seconds) end
                       as contract_seconds,
            """ + COUNTS + """
            ,
                   sum(response_us) as response_us_sum,
                   count(response_us) as answered,
                   percentile_cont(0.9) within group (order by cast(response_us as double precision) / 1000000) as p90_seconds
            from classified
            group by channel_id, marketplace""";

    private final JdbcClient jdbc;
    private final CalendarDues calendarDues;

    SlaReportQuery(JdbcClient jdbc, CalendarDues calendarDues) {
        this.jdbc = jdbc;
        this.calendarDues = calendarDues;
    }

    /**
     * @return counts by channel id and marketplace; a marketplace without customer messages in the
     *     period is absent, and so is a channel without any
     */
    Map<String, Map<String, SlaCounts>> counts(Collection<Channel> channels, Instant from, Instant to) {
        return calendarDues.during(channels, from, to, run -> run(jdbc, SQL, channels, run, from, to));
    }

    static Map<String, Map<String, SlaCounts>> run(JdbcClient jdbc, String sql, Collection<Channel> channels,
                                                   String dueRun, Instant from, Instant to) {
        if (channels.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, SlaCounts>> counts = new HashMap<>();
        jdbc.sql(sql)
                // A list of arrays expands to "(?, ?, ?), (?, ?, ?)": one row of the values list each.
                .param("contracts", contracts(channels))
                .param("dueRun", dueRun)
                .param("channelPolicy", CHANNEL_POLICY)
                .param("from", SqlTime.param(from))
                .param("to", SqlTime.param(to))
                .param("nowUs", nowMicros(to))
                .query(rs -> {
                    counts.computeIfAbsent(rs.getString("channel_id"), k -> new HashMap<>())
                            .put(rs.getString("marketplace"), row(rs));
                });
        return counts;
    }

    static List<Object[]> contracts(Collection<Channel> channels) {
        List<Object[]> rows = new ArrayList<>();
        for (Channel channel : channels) {
            rows.add(new Object[] {channel.id(), CHANNEL_POLICY, channel.policy().contract().toSeconds()});
            channel.otherPolicies().forEach((key, policy) ->
                    rows.add(new Object[] {channel.id(), key, policy.contract().toSeconds()}));
        }
        return rows;
    }

    /**
     * An instant as whole microseconds since the epoch, rounded as {@code numeric(20, 6)} stored it
     * (half up): a due time the service computed.
     */
    static long epochMicros(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).movePointRight(6)
                .add(BigDecimal.valueOf(instant.getNano(), 3).setScale(0, RoundingMode.HALF_UP))
                .longValueExact();
    }

    /**
     * "Now" in microseconds, rounded up: for a due time d in whole microseconds, now is past d exactly
     * when ceil(now) > d, so comparing with the rounded-up figure judges as comparing the exact instants
     * (a clock with nanoseconds included).
     */
    static long nowMicros(Instant now) {
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), (now.getNano() + 999) / 1000);
    }

    private static SlaCounts row(ResultSet rs) throws SQLException {
        BigDecimal contract = rs.getBigDecimal("contract_seconds");
        return new SlaCounts(contract == null ? null : Duration.ofSeconds(contract.longValueExact()),
                rs.getLong("customer_messages"), rs.getLong("within_contract"), rs.getLong("late"),
                rs.getLong("open_past_deadline"), rs.getLong("open_within_deadline"), rs.getLong("no_reply_needed"),
                averageSeconds(rs.getBigDecimal("response_us_sum"), rs.getLong("answered")),
                seconds(rs.getBigDecimal("p90_seconds")));
    }

    /** The mean response time in whole seconds (half up), exact: the sum divided here rather than avg's rounded quotient. */
    private static Long averageSeconds(BigDecimal sumMicros, long answered) {
        return answered == 0 ? null
                : sumMicros.divide(BigDecimal.valueOf(answered).movePointRight(6), 0, RoundingMode.HALF_UP).longValueExact();
    }

    private static Long seconds(BigDecimal value) {
        return value == null ? null : value.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
