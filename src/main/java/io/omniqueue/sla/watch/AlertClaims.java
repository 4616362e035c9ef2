package io.omniqueue.sla.watch;

import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alert outbox: alerts are claimed in a short transaction (status SENDING, a lease, this run's
 * token), so no row lock is held while a slow SMTP server answers; each mail is then recorded on
 * its own. A run that dies between claim and send leaves SENDING rows another run claims once the
 * lease is over: no alert is lost, and none is sent twice unless a run died between the SMTP
 * server's acceptance and this record.
 */
@Component
class AlertClaims {

    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final AlertRecipients recipients;
    private final AlertSettings settings;
    private final TransactionTemplate tx;

    AlertClaims(JdbcClient jdbc, AlertRecipients recipients, AlertSettings settings, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.recipients = recipients;
        this.settings = settings;
        this.tx = tx;
    }

    /**
     * Takes the pending alerts, and those a dead run left SENDING past their lease; the ones no longer
     * worth a mail are closed here.
     */
    List<Pending> claim(Instant now, String token) {
        return tx.execute(status -> claimRows(now, token));
    }

    private List<Pending> claimRows(Instant now, String token) {
        List<Long> ids = jdbc.sql("""
                select id from sla_alert where status = 'PENDING' or (status = 'SENDING' and lease_until < :now)
                order by id limit :n for update skip locked""")
                .param("now", SqlTime.param(now))
                .param("n", BATCH)
                .query(Long.class)
                .list();
        if (ids.isEmpty()) {
            return List.of();
        }
        // The alerts, then their conversations by key: two lookups. Joined in one statement, PostgreSQL
        // planned a merge join once autovacuum had analyzed sla_alert: its statistics put every alert's
        // conversation among the older ones, so the plan walked the conversation key from the first row
        // up to the alerts' conversations, which are the newest: the whole table (53,000 rows read for 40
        // alerts in QueueReadersWorkTest; at 1 M conversations, a million at each claim).
        List<Claimed> alerts = jdbc.sql("""
                select id, conversation_id, channel_id, lead_seconds, due_at, clock_started_at from sla_alert
                where id in (:ids) order by due_at, id""")
                .param("ids", ids)
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getLong("conversation_id"), rs.getString("channel_id"),
                        rs.getLong("lead_seconds"), SqlTime.read(rs, "due_at"), SqlTime.read(rs, "clock_started_at")))
                .list();
        Map<Long, Conversation> conversations = new HashMap<>();
        jdbc.sql("""
                select id, status, clock_started_at, subject, customer_name, order_id from conversation
                where id in (:ids)""")
                .param("ids", alerts.stream().map(Claimed::conversationId).distinct().toList())
                .query((rs, n) -> new Conversation(rs.getLong("id"), rs.getString("status"),
                        SqlTime.read(rs, "clock_started_at"), rs.getString("subject"), rs.getString("customer_name"),
                        rs.getString("order_id")))
                .list()
                .forEach(c -> conversations.put(c.id(), c));
        // Every alert has its conversation: a foreign key, and no conversation is ever deleted (erasure blanks it).
        List<Pending> pending = alerts.stream().map(a -> {
            Conversation c = conversations.get(a.conversationId());
            return new Pending(a.id(), a.conversationId(), a.channelId(), a.leadSeconds(), a.dueAt(), a.clockStartedAt(),
                    c.status(), c.clockStartedAt(), c.subject(), c.customerName(), c.orderId());
        }).toList();
        List<Pending> toSend = new ArrayList<>();
        for (Pending p : pending) {
            if (!"NEEDS_REPLY".equals(p.status()) || !p.clockStartedAt().equals(p.currentStart())) {
                close(p.id(), "SKIPPED", "answered before the alert went out");
            } else if (recipients.of(p.channelId(), p.leadSeconds() == 0).isEmpty()) {
                close(p.id(), "SKIPPED", "no alert recipients configured");
            } else if (!settings.canSend()) {
                close(p.id(), "SKIPPED", "omniqueue.alerts.smtp is not set");
            } else {
                toSend.add(p);
            }
        }
        if (!toSend.isEmpty()) {
            jdbc.sql("update sla_alert set status = 'SENDING', claim_token = :token, lease_until = :lease where id in (:ids)")
                    .param("token", token)
                    .param("lease", SqlTime.param(now.plus(settings.sendLease())))
                    .param("ids", toSend.stream().map(Pending::id).toList())
                    .update();
        }
        return toSend;
    }

    private record Claimed(long id, long conversationId, String channelId, long leadSeconds, Instant dueAt,
                           Instant clockStartedAt) {
    }

    private record Conversation(long id, String status, Instant clockStartedAt, String subject, String customerName,
                                String orderId) {
    }

    private void close(long id, String status, String note) {
        jdbc.sql("update sla_alert set status = :status, note = :note where id = :id")
                .param("status", status)
                .param("note", note)
                .param("id", id)
                .update();
    }

    /** Only while the claim is still this run's: a run that outlived its lease must not mark another's work. */
    void markSent(List<Long> ids, String token, Instant now) {
        jdbc.sql("""
                update sla_alert set status = 'SENT', sent_at = :now, note = null, claim_token = null, lease_until = null
                where id in (:ids) and claim_token = :token""")
                .param("now", SqlTime.param(now))
                .param("ids", ids)
                .param("token", token)
                .update();
    }

    void release(List<Long> ids, String token, String error) {
        jdbc.sql("""
                update sla_alert set status = 'PENDING', note = :note, claim_token = null, lease_until = null
                where id in (:ids) and claim_token = :token""")
                .param("note", error == null || error.length() <= 500 ? error : error.substring(0, 499) + "…")
                .param("ids", ids)
                .param("token", token)
                .update();
    }
}
