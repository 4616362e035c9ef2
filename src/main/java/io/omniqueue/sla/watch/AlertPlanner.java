package io.omniqueue.sla.watch;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.platform.SqlTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds the conversations whose due time has crossed one of their channel's lead times and
 * records one alert row per (conversation, clock start, lead). When several leads were crossed
 * since the last look (a message that arrived late), only the tightest is sent.
 */
@Component
class AlertPlanner {

    private final JdbcClient jdbc;
    private final ChannelRegistry channels;

    AlertPlanner(JdbcClient jdbc, ChannelRegistry channels) {
        this.jdbc = jdbc;
        this.channels = channels;
    }

    @Transactional
    int plan(Instant now) {
        Duration longest = channels.all().stream().flatMap(c -> c.settings().warnBeforeOrDefault().stream())
                .max(Duration::compareTo).orElse(Duration.ZERO);
        // Conversations already warned at breach have nothing left to warn about.
        List<Candidate> candidates = jdbc.sql("""
                select c.id, c.channel_id, c.clock_started_at, c.due_at from conversation c
                where c.status = 'NEEDS_REPLY' and c.due_at is not null and c.due_at <= :horizon
                and not exists (select 1 from sla_alert a where a.conversation_id = c.id
                                and a.clock_started_at = c.clock_started_at and a.lead_seconds = 0)""")
                .param("horizon", SqlTime.param(now.plus(longest)))
                .query((rs, n) -> new Candidate(rs.getLong("id"), rs.getString("channel_id"),
                        SqlTime.read(rs, "clock_started_at"), SqlTime.read(rs, "due_at")))
                .list();
        int planned = 0;
        for (Candidate c : candidates) {
            List<Duration> leads = channels.find(c.channelId()).map(Channel::settings)
                    .map(s -> s.warnBeforeOrDefault()).orElse(io.omniqueue.channel.SlaSettings.DEFAULT_WARN_BEFORE);
            List<Duration> crossed = leads.stream().filter(lead -> !c.dueAt().minus(lead).isAfter(now)).toList();
            if (crossed.isEmpty()) {
                continue;
            }
            Duration tightest = crossed.get(crossed.size() - 1);
            for (Duration lead : crossed) {
                boolean send = lead.equals(tightest);
                planned += jdbc.sql("""
                        insert into sla_alert (conversation_id, channel_id, clock_started_at, lead_seconds, due_at, status,
                                               created_at, note)
                        values (:c, :channel, :start, :lead, :due, :status, :now, :note)
                        on conflict do nothing""")
                        .param("c", c.id())
                        .param("channel", c.channelId())
                        .param("start", SqlTime.param(c.clockStartedAt()))
                        .param("lead", lead.toSeconds())
                        .param("due", SqlTime.param(c.dueAt()))
                        .param("status", send ? "PENDING" : "SKIPPED")
                        .param("now", SqlTime.param(now))
                        .param("note", send ? null : "a later warning was due already")
                        .update();
            }
            jdbc.sql("""
                    update sla_alert set status = 'SKIPPED', note = 'a later warning was due already'
                    where conversation_id = :c and clock_started_at = :start and status = 'PENDING' and lead_seconds > :lead""")
                    .param("c", c.id())
                    .param("start", SqlTime.param(c.clockStartedAt()))
                    .param("lead", tightest.toSeconds())
                    .update();
        }
        return planned;
    }

    private record Candidate(long id, String channelId, Instant clockStartedAt, Instant dueAt) {
    }
}
