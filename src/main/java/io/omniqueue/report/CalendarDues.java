package io.omniqueue.report;

import io.omniqueue.channel.Channel;
import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The contract due time of each customer message of a channel whose contract runs on a calendar
 * (Kaufland's 48 h in working days): SQL cannot count working days, so these dues are computed
 * here with the channel's policy, as the clock does, and written to {@code report_calendar_due}
 * under a run id for the report's statement to join; every other message is judged by its sent
 * time plus the contract. A table rather than a list of bind parameters: a busy channel's 90 days
 * would pass PostgreSQL's 32,767-parameter limit.
 */
@Repository
class CalendarDues {

    /** A crashed run's rows are swept after this long; a report never takes nearly as much. */
    private static final Duration LEFTOVER_AFTER = Duration.ofHours(1);
    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;

    CalendarDues(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Runs {@code statement} with the id of a run whose rows hold the dues of the customer messages
     * sent in [from, to] on calendar channels; the rows are gone when it returns.
     */
    <T> T during(Collection<Channel> channels, Instant from, Instant to, Function<String, T> statement) {
        String run = UUID.randomUUID().toString();
        Map<String, Channel> calendared = channels.stream()
                .filter(c -> c.policy().contractCalendar() != null
                        || c.otherPolicies().values().stream().anyMatch(p -> p.contractCalendar() != null))
                .collect(Collectors.toMap(Channel::id, Function.identity()));
        if (calendared.isEmpty()) {
            return statement.apply(run);
        }
        Instant now = clock.instant();
        jdbc.sql("delete from report_calendar_due where created_at < :before")
                .param("before", SqlTime.param(now.minus(LEFTOVER_AFTER))).update();
        try {
            List<Object[]> rows = new ArrayList<>();
            jdbc.sql("""
                    select message_id as id, channel_id, sla_policy, sent_at from report_customer_message
                    where sent_at >= :from and sent_at <= :to and channel_id in (:channels)""")
                    .param("from", SqlTime.param(from))
                    .param("to", SqlTime.param(to))
                    .param("channels", calendared.keySet())
                    .query(rs -> {
                        Channel channel = calendared.get(rs.getString("channel_id"));
                        Instant due = channel.policy(rs.getString("sla_policy"))
                                .deadlinesFor(SqlTime.read(rs, "sent_at")).contractDueAt();
                        rows.add(new Object[] {run, rs.getLong("id"), SlaReportQuery.epochMicros(due), SqlTime.param(now)});
                        if (rows.size() == BATCH) {
                            insert(rows);
                        }
                    });
            insert(rows);
            return statement.apply(run);
        } finally {
            jdbc.sql("delete from report_calendar_due where run_id = :run").param("run", run).update();
        }
    }

    private void insert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("insert into report_calendar_due (run_id, message_id, due_us, created_at) values :rows")
                .param("rows", List.copyOf(rows)).update();
        rows.clear();
    }
}
