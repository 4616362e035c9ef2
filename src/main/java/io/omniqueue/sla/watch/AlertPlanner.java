package io.omniqueue.sla.watch;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.SlaSettings;
import io.omniqueue.conversation.QueueChanges;
import io.omniqueue.platform.SqlTime;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds the conversations whose due time has crossed one of their channel's lead times and
 * records one alert row per (conversation, clock start, lead). When several leads were crossed
 * since the last look (a message that arrived late), only the tightest is sent.
 *
 * <p>Two statements per run whatever the number of candidates (at 1 M conversations a statement
 * per candidate was 29,000 statements a minute). Portable SQL (H2 and PostgreSQL): the leads come
 * in as a {@code values} list, "now" as epoch seconds, and "due - lead &lt;= now" is numeric
 * arithmetic on {@code extract(epoch ...)}, exact to the microsecond as the stored times are.
 */
@Component
class AlertPlanner {

    /** The channel key of the leads that apply to a conversation of a channel no longer configured. */
    private static final String UNKNOWN_CHANNEL = "";
    private static final String SKIPPED_NOTE = "a later warning was due already";

    // Parameters in a values list have no type of their own (H2 takes them for text): cast them.
    // Each candidate (open, due within the longest lead, not yet warned at breach) with each lead
    // it has crossed, and the tightest of those. Conversations already warned at breach have
    // nothing left to warn about. %s: where the candidates come from (CANDIDATES_ALL or a union of
    // the windows of this run).
    private static final String CROSSED = """
            select c.id, c.channel_id, c.clock_started_at, c.due_at, l.lead_seconds,
                   min(l.lead_seconds) over (partition by c.id) as tightest
            from (select c.id, c.channel_id, c.clock_started_at, c.due_at from (%s) c
                  where not exists (select 1 from sla_alert a where a.conversation_id = c.id
                                    and a.clock_started_at = c.clock_started_at and a.lead_seconds = 0)
                  -- a fence: look for the breach alert once per conversation, not once per lead
                  offset 0 rows) c
            join (select cast(v.channel_id as varchar(100)) as channel_id, cast(v.lead_seconds as bigint) as lead_seconds
                  from (values :leads) v (channel_id, lead_seconds)) l
              on l.channel_id = c.channel_id or (l.channel_id = :unknown and c.channel_id not in (:known))
            where extract(epoch from c.due_at) <= :nowEpoch + l.lead_seconds""";
    private static final String OPEN = """
            select c.id, c.channel_id, c.clock_started_at, c.due_at from conversation c
            where c.status = 'NEEDS_REPLY' and c.due_at is not null and c.due_at <= :horizon""";
    /** Every open conversation due within the longest lead: the first run, or after the clock went back. */
    private static final String CANDIDATES_ALL = OPEN;

    private final JdbcClient jdbc;
    private final ChannelRegistry channels;

    AlertPlanner(JdbcClient jdbc, ChannelRegistry channels) {
        this.jdbc = jdbc;
        this.channels = channels;
    }

    /**
     * @param previous what this node's last successful run looked at, or null (the first run after
     *     start-up): then every open conversation is read, else only those whose due time crossed
     *     a lead since then and those changed since then
     */
    @Transactional
    int plan(Instant now, WatchMark previous) {
        Collection<Channel> all = channels.all();
        Duration longest = all.stream().flatMap(c -> c.settings().warnBeforeOrDefault().stream())
                .max(Duration::compareTo).orElse(Duration.ZERO);
        List<Object[]> leads = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Channel channel : all) {
            known.add(channel.id());
            channel.settings().warnBeforeOrDefault().forEach(lead -> leads.add(new Object[] {channel.id(), lead.toSeconds()}));
        }
        SlaSettings.DEFAULT_WARN_BEFORE.forEach(lead -> leads.add(new Object[] {UNKNOWN_CHANNEL, lead.toSeconds()}));
        if (known.isEmpty()) {
            known.add(UNKNOWN_CHANNEL);
        }
        String crossed = CROSSED.formatted(candidates(now, previous, leads));
        int recorded = jdbc.sql("""
                insert into sla_alert (conversation_id, channel_id, clock_started_at, lead_seconds, due_at, status,
                                       created_at, note)
                select x.id, x.channel_id, x.clock_started_at, x.lead_seconds, x.due_at,
                       case when x.lead_seconds = x.tightest then 'PENDING' else 'SKIPPED' end, :now,
                       case when x.lead_seconds = x.tightest then null else :note end
                from (%s) x
                on conflict do nothing""".formatted(crossed))
                .params(parameters(leads, known, now, longest))
                .param("now", SqlTime.param(now))
                .param("note", SKIPPED_NOTE)
                .update();
        // Then a warning still waiting for a wider lead than one crossed since is not sent (the tighter
        // one is). A crossed lead has its row from the run that saw it cross, so a tighter row of the
        // same clock, recorded with it or after it, says so (one recorded before it: a due time moved
        // later since, by a longer contract, and the wider warning is news again). The pending rows
        // are few (the dispatch sends them right after each run), each looked up in uk_sla_alert.
        // This once joined the pending rows to this run's crossings, which H2 computed again for
        // every pending row: 1,000 pending alerts and 1,000 conversations that crossed a lead took
        // 25 s, and the time grew with the square of their number (a mail server down for a while).
        jdbc.sql("""
                update sla_alert set status = 'SKIPPED', note = :note
                where status = 'PENDING' and exists (
                    select 1 from sla_alert t
                    where t.conversation_id = sla_alert.conversation_id and t.clock_started_at = sla_alert.clock_started_at
                      and t.lead_seconds < sla_alert.lead_seconds and t.created_at >= sla_alert.created_at)""")
                .param("note", SKIPPED_NOTE)
                .update();
        return recorded;
    }

    /**
     * The open conversations this run must look at. After a run of this node at {@code previous.now()}:
     * those whose due time entered a lead's window since (due - lead in (previous now, now]: one
     * index range on the due time per distinct lead), and those written since the previous run's
     * change mark (a new clock, a clock moved back in time by a late message, a reopened one). A
     * conversation in neither had every crossing it has now at the previous run, which recorded it.
     */
    private static String candidates(Instant now, WatchMark previous, List<Object[]> leads) {
        if (previous == null || now.isBefore(previous.now())) {
            return CANDIDATES_ALL;
        }
        // The bounds are written into the statement, not bound as parameters: with parameters, once
        // PostgreSQL's JDBC driver prepared the statement on the server (its fifth run), a generic
        // plan read "changed since" through the open conversations' index, every open conversation
        // due within the longest lead (35,000 at 1 M, each also looked up in uk_sla_alert), every
        // minute. A statement whose text changes each run is planned for its own values; the same
        // instant gives the same literal, so one run's upper bound is the next run's lower bound exactly.
        StringBuilder union = new StringBuilder(OPEN).append(" and c.queue_changed_at > ")
                .append(SqlTime.literal(QueueChanges.since(previous.changes())));
        List<Long> distinct = leads.stream().map(l -> ((Number) l[1]).longValue()).distinct().sorted().toList();
        for (Long seconds : distinct) {
            Duration lead = Duration.ofSeconds(seconds);
            union.append(" union ").append(OPEN).append(" and c.due_at > ").append(SqlTime.literal(previous.now().plus(lead)))
                    .append(" and c.due_at <= ").append(SqlTime.literal(now.plus(lead)));
        }
        return union.toString();
    }

    private static Map<String, Object> parameters(List<Object[]> leads, List<String> known, Instant now,
                                              Duration longest) {
        return new HashMap<>(Map.of(
                // A list of arrays expands to "(?, ?), (?, ?)": one row of the values list each.
                "leads", leads,
                "unknown", UNKNOWN_CHANNEL,
                "known", known,
                "horizon", SqlTime.param(now.plus(longest)),
                "nowEpoch", BigDecimal.valueOf(now.getEpochSecond()).add(BigDecimal.valueOf(now.getNano(), 9))));
    }
}
