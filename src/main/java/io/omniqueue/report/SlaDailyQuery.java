package io.omniqueue.report;

import io.omniqueue.channel.Channel;
import io.omniqueue.platform.SqlTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The report's rules, day by day: the same customer messages and the same answer as
 * {@link SlaReportQuery} (whose customer-message CTE this shares), grouped by the UTC day they were sent.
 *
 * <p>The day is the sent microseconds divided by 86,400,000,000 (integer division of a positive
 * bigint: the days since 1970-01-01 in UTC), plain arithmetic that H2 (MODE=PostgreSQL) and PostgreSQL agree on, where {@code date_trunc}
 * and {@code at time zone} differ in what they accept and return. The median is
 * {@code percentile_cont(0.5)}, cast to double precision as PostgreSQL needs.
 */
@Repository
class SlaDailyQuery {

    private static final String SQL = SlaReportQuery.CUSTOMER_MESSAGES + """
            , classified as (
                select sent_us / 86400000000 as epoch_day, due_us, answered_us,
                       answered_us - sent_us as response_us,
                       case when answered_us is null and no_reply_at >= sent_at then 1 else 0 end as no_reply_needed
                from customer_message
            )
            select epoch_day,
                   count(*) as customer_messages,
                   sum(case when answered_us > due_us then 1
                            when response_us is null and no_reply_needed = 0 and :nowUs > due_us then 1
                            else 0 end) as late,
                   sum(no_reply_needed) as no_reply_needed,
                   percentile_cont(0.5) within group (order by cast(response_us as double precision) / 1000000) as median_seconds
            from classified
            group by epoch_day""";

    private final JdbcClient jdbc;
    private final CalendarDues calendarDues;

    SlaDailyQuery(JdbcClient jdbc, CalendarDues calendarDues) {
        this.jdbc = jdbc;
        this.calendarDues = calendarDues;
    }

    /** @return the days with customer messages sent in [from, to]; days without any are absent */
    Map<LocalDate, SlaDay> days(Collection<Channel> channels, Instant from, Instant to) {
        return calendarDues.during(channels, from, to, run -> run(jdbc, SQL, channels, run, from, to));
    }

    static Map<LocalDate, SlaDay> run(JdbcClient jdbc, String sql, Collection<Channel> channels, String dueRun,
                                      Instant from, Instant to) {
        Map<LocalDate, SlaDay> days = new HashMap<>();
        if (channels.isEmpty()) {
            return days;
        }
        jdbc.sql(sql)
                .param("contracts", SlaReportQuery.contracts(channels))
                .param("dueRun", dueRun)
                .param("channelPolicy", SlaReportQuery.CHANNEL_POLICY)
                .param("from", SqlTime.param(from))
                .param("to", SqlTime.param(to))
                .param("nowUs", SlaReportQuery.nowMicros(to))
                .query(rs -> {
                    LocalDate day = LocalDate.ofEpochDay(rs.getBigDecimal("epoch_day").longValueExact());
                    long messages = rs.getLong("customer_messages");
                    long late = rs.getLong("late");
                    long judged = messages - rs.getLong("no_reply_needed");
                    BigDecimal median = rs.getBigDecimal("median_seconds");
                    days.put(day, new SlaDay(day, messages, late, judged == 0 ? null : (double) late / judged,
                            median == null ? null : median.setScale(0, RoundingMode.HALF_UP).longValueExact()));
                });
        return days;
    }
}
