package io.omniqueue.report;

import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Per agent, what is on their plate now and what they answered today (the UTC day). */
@Service
public class AgentDayReport {

    private final JdbcClient jdbc;
    private final Clock clock;

    AgentDayReport(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Agents with open assigned work or replies sent today, by name. */
    public List<AgentDay> today(Duration atRiskLead) {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, long[]> figures = new TreeMap<>();
        // Served by ix_conversation_status_queue (status, due_at, id).
        jdbc.sql("""
                select assignee, count(*) as open_count,
                    sum(case when due_at >= :now and due_at <= :until then 1 else 0 end) as at_risk,
                    sum(case when due_at < :now then 1 else 0 end) as breached
                from conversation where status = 'NEEDS_REPLY' and assignee is not null group by assignee""")
                .param("now", SqlTime.param(now))
                .param("until", SqlTime.param(now.plus(atRiskLead)))
                .query(rs -> {
                    long[] f = figures.computeIfAbsent(rs.getString("assignee"), k -> new long[4]);
                    f[0] = rs.getLong("open_count");
                    f[1] = rs.getLong("at_risk");
                    f[2] = rs.getLong("breached");
                });
        jdbc.sql("""
                select author, count(*) as sent from reply
                where status = 'SENT' and sent_at >= :midnight and author is not null group by author""")
                .param("midnight", SqlTime.param(midnight))
                .query(rs -> {
                    figures.computeIfAbsent(rs.getString("author"), k -> new long[4])[3] = rs.getLong("sent");
                });
        List<AgentDay> days = new ArrayList<>();
        figures.forEach((agent, f) -> days.add(new AgentDay(agent, f[0], f[1], f[2], f[3])));
        return days;
    }
}
