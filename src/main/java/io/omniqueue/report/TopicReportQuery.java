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

    private static final String SQL = SlaReportQuery.CUSTOMER_MESSAGES + """
            , classified as (
                select marketplace, coalesce(topic, 'other') as topic, contract_seconds,
                       extract(epoch from answered_at) - extract(epoch from sent_at) as response_seconds,
                       :nowEpoch - extract(epoch from sent_at) as age_seconds,
                       case when answered_at is null and no_reply_at >= sent_at then 1 else 0 end as no_reply_needed
                from customer_message
            )
            select marketplace, topic, count(*) as customer_messages,
                   sum(case when response_seconds <= contract_seconds then 1 else 0 end) as within_contract,
                   sum(case when response_seconds > contract_seconds then 1 else 0 end) as late,
                   sum(case when response_seconds is null and no_reply_needed = 0 and age_seconds > contract_seconds
                            then 1 else 0 end) as open_past_deadline,
                   sum(case when response_seconds is null and no_reply_needed = 0 and age_seconds <= contract_seconds
                            then 1 else 0 end) as open_within_deadline,
                   sum(no_reply_needed) as no_reply_needed
            from classified
            group by marketplace, topic
            order by marketplace, topic""";

    private final JdbcClient jdbc;

    TopicReportQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<TopicSla> rows(Collection<Channel> channels, Instant from, Instant to) {
        if (channels.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SQL)
                .param("contracts", SlaReportQuery.contracts(channels))
                .param("channelPolicy", SlaReportQuery.CHANNEL_POLICY)
                .param("from", SqlTime.param(from))
                .param("to", SqlTime.param(to))
                .param("nowEpoch", SlaReportQuery.epochSeconds(to))
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
