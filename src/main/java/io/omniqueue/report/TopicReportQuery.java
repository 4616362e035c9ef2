package io.omniqueue.report;

import io.omniqueue.channel.Channel;
import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One statement, grouped by marketplace and topic, over the customer messages the SLA report
 * judges ({@link SlaReportQuery#CUSTOMER_MESSAGES}), so both count the same messages the same way.
 */
@Repository
class TopicReportQuery {

    private static final String SQL = SlaReportQuery.CLASSIFIED + """
            select marketplace, coalesce(topic, 'other') as topic,
            """ + SlaReportQuery.COUNTS + """
            from classified
            group by marketplace, coalesce(topic, 'other')
            order by marketplace, topic""";

    private final JdbcClient jdbc;
    private final CalendarDues calendarDues;

    TopicReportQuery(JdbcClient jdbc, CalendarDues calendarDues) {
        this.jdbc = jdbc;
        this.calendarDues = calendarDues;
    }

    List<TopicSla> rows(Collection<Channel> channels, Instant from, Instant to) {
        return calendarDues.during(channels, from, to, run -> run(jdbc, SQL, channels, run, from, to));
    }

    static List<TopicSla> run(JdbcClient jdbc, String sql, Collection<Channel> channels, String dueRun,
                              Instant from, Instant to) {
        if (channels.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(sql)
                .param("contracts", SlaReportQuery.contracts(channels))
                .param("dueRun", dueRun)
                .param("channelPolicy", SlaReportQuery.CHANNEL_POLICY)
                .param("from", SqlTime.param(from))
                .param("to", SqlTime.param(to))
                .param("nowUs", SlaReportQuery.nowMicros(to))
                .query((rs, n) -> {
                    long messages = rs.getLong("customer_messages");
                    long late = rs.getLong("late");
                    long past = rs.getLong("open_past_deadline");
                    long noReply = rs.getLong("no_reply_needed");
                    long judged = messages - noReply;
                    return new TopicSla(rs.getString("marketplace"), rs.getString("topic"), messages,
                            rs.getLong("within_contract"), late, past, rs.getLong("open_within_deadline"), noReply,
                            judged == 0 ? null : (double) (late + past) / judged);
                })
                .list();
    }
}
