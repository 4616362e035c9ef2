package io.omniqueue.report;

import io.omniqueue.channel.Channel;
import io.omniqueue.platform.SqlTime;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The contract due time of each customer message of a channel whose contract runs on a calendar
 * (Kaufland's 48 h in working days): SQL cannot count working days, so these dues are computed
 * here with the channel's policy, as the clock does, and passed to the report's statement as a
 * {@code values} list; every other message is judged by its sent time plus the contract.
 */
@Repository
class CalendarDues {

    // A row that matches no message: a values list cannot be empty.
    private static final Object[] NONE = {-1L, BigDecimal.ZERO};

    private final JdbcClient jdbc;

    CalendarDues(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows (message id, contract due in epoch seconds) for the customer messages sent in [from, to] on calendar channels. */
    List<Object[]> of(Collection<Channel> channels, Instant from, Instant to) {
        Map<String, Channel> calendared = channels.stream()
                .filter(c -> c.policy().contractCalendar() != null
                        || c.otherPolicies().values().stream().anyMatch(p -> p.contractCalendar() != null))
                .collect(Collectors.toMap(Channel::id, Function.identity()));
        List<Object[]> rows = new ArrayList<>();
        if (!calendared.isEmpty()) {
            jdbc.sql("""
                    select m.id, c.channel_id, c.sla_policy, m.sent_at from message m
                    join conversation c on c.id = m.conversation_id
                    where m.direction = 'INBOUND' and m.starts_clock = true and m.sent_at >= :from and m.sent_at <= :to
                      and c.channel_id in (:channels)""")
                    .param("from", SqlTime.param(from))
                    .param("to", SqlTime.param(to))
                    .param("channels", calendared.keySet())
                    .query(rs -> {
                        Channel channel = calendared.get(rs.getString("channel_id"));
                        Instant due = channel.policy(rs.getString("sla_policy"))
                                .deadlinesFor(SqlTime.read(rs, "sent_at")).contractDueAt();
                        rows.add(new Object[] {rs.getLong("id"), SlaReportQuery.epochSeconds(due)});
                    });
        }
        if (rows.isEmpty()) {
            rows.add(NONE);
        }
        return rows;
    }
}
