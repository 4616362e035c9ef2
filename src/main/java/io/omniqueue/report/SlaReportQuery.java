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
 *   <li>durations are differences of epoch seconds ({@code extract(epoch from ...)} of the
 *       {@code timestamp with time zone}, stored with the row): exact numeric seconds, microseconds
 *       as decimals, so comparing with the contract is plain numeric arithmetic and no interval type
 *       (H2's {@code INTERVAL DAY TO SECOND}, PostgreSQL's {@code interval}) is involved;</li>
 *   <li>the contracts come in as a {@code values} list of parameters (a CTE with column names),
 *       so no policy is copied into the database and a changed configuration applies at once;</li>
 *   <li>"now" comes in as epoch seconds (a numeric parameter), so a message's age is the same
 *       numeric arithmetic;</li>
 *   <li>{@code percentile_cont(0.9) within group (order by ...)} exists in both; PostgreSQL's takes
 *       {@code double precision} (there is no numeric variant), hence the explicit cast.</li>
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
    // kept as epoch seconds too (sent_epoch, answered_epoch: extract(epoch ...) when the row was
    // written), so durations are numeric arithmetic without an extract per row and use.
    static final String CUSTOMER_MESSAGES = """
            with contract (channel_id, policy_key, contract_seconds) as (values :contracts),
            customer_message as (
                select f.channel_id, f.marketplace, f.topic, f.sent_at, f.sent_epoch, f.no_reply_at,
                       coalesce(p.contract_seconds, d.contract_seconds) as contract_seconds,
                       coalesce(cd.due_epoch, f.sent_epoch + coalesce(p.contract_seconds, d.contract_seconds)) as due_epoch,
                       f.answered_epoch
                from report_customer_message f
                join contract d on d.channel_id = f.channel_id and d.policy_key = :channelPolicy
                left join contract p on p.channel_id = f.channel_id and p.policy_key = f.sla_policy
                left join report_calendar_due cd on cd.run_id = :dueRun and cd.message_id = f.message_id
                where f.sent_at >= :from and f.sent_at <= :to
                -- A fence: computed once a row here, not again for each use of due_epoch below
                -- (PostgreSQL would inline the CTE). The rows and their order do not change.
                offset 0 rows
            )
            """;

    // Shared with TopicReportQuery: each customer message's response time, age and no-reply mark, and
    // the five counts every customer message falls in exactly one of.
    static final String CLASSIFIED = CUSTOMER_MESSAGES + """
            , classified as (
                select channel_id, marketplace, topic, contract_seconds, due_epoch, answered_epoch,
                       answered_epoch - sent_epoch as response_seconds,
                       case when answered_epoch is null and no_reply_at >= sent_at then 1 else 0 end as no_reply_needed
                from customer_message
            )
            """;

    static final String COUNTS = """
                   count(*) as customer_messages,
                   sum(case when answered_epoch <= due_epoch then 1 else 0 end) as within_contract,
                   sum(case when answered_epoch > due_epoch then 1 else 0 end) as late,
                   sum(case when response_seconds is null and no_reply_needed = 0 and :nowEpoch > due_epoch
                            then 1 else 0 end) as open_past_deadline,
                   sum(case when response_seconds is null and no_reply_needed = 0 and :nowEpoch <= due_epoch
                            then 1 else 0 end) as open_within_deadline,
                   sum(no_reply_needed) as no_reply_needed
            """;

    private static final String SQL = CLASSIFIED + """
            select channel_id, marketplace,
                   case when min(contract_seconds) = max(contract_seconds) then min(contract_seconds) end
                       as contract_seconds,
            """ + COUNTS + """
            ,
                   avg(response_seconds) as average_seconds,
                   percentile_cont(0.9) within group (order by cast(response_seconds as double precision)) as p90_seconds
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
                .param("nowEpoch", epochSeconds(to))
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

    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
    }

    private static SlaCounts row(ResultSet rs) throws SQLException {
        BigDecimal contract = rs.getBigDecimal("contract_seconds");
        return new SlaCounts(contract == null ? null : Duration.ofSeconds(contract.longValueExact()),
                rs.getLong("customer_messages"), rs.getLong("within_contract"), rs.getLong("late"),
                rs.getLong("open_past_deadline"), rs.getLong("open_within_deadline"), rs.getLong("no_reply_needed"),
                seconds(rs.getBigDecimal("average_seconds")), seconds(rs.getBigDecimal("p90_seconds")));
    }

    private static Long seconds(BigDecimal value) {
        return value == null ? null : value.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
