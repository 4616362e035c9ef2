package io.omniqueue.sla.watch;

import io.omniqueue.metrics.AlertMetrics;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.platform.WebSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the pending deadline alerts. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so each alert is sent by one node; a conversation answered since the alert was planned gets none;
 * more alerts for the same recipients than the digest threshold go out as one digest.
 */
@Component
class AlertDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final AlertMailer mailer;
    private final AlertRecipients recipients;
    private final AlertSettings settings;
    private final AlertMetrics counter;
    private final WebSettings web;
    private final TransactionTemplate tx;

    AlertDispatcher(JdbcClient jdbc, AlertMailer mailer, AlertRecipients recipients, AlertSettings settings,
                    AlertMetrics counter, WebSettings web, TransactionTemplate tx) {
        this.web = web;
        this.tx = tx;
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.recipients = recipients;
        this.settings = settings;
        this.counter = counter;
    }

    /**
     * Claims the due alerts in a short transaction, then sends mail by mail, each mail recorded as
     * sent on its own the moment the SMTP server took it: a refused mail is retried by the next run,
     * the ones that went are never sent again.
     */
    int dispatch(Instant now) {
        String token = UUID.randomUUID().toString();
        List<Pending> claimed = tx.execute(status -> claim(now, token));
        Map<List<String>, List<Pending>> byRecipients = new LinkedHashMap<>();
        for (Pending p : claimed == null ? List.<Pending>of() : claimed) {
            byRecipients.computeIfAbsent(recipients.of(p.channelId(), p.leadSeconds() == 0), k -> new ArrayList<>()).add(p);
        }
        int sent = 0;
        for (Map.Entry<List<String>, List<Pending>> group : byRecipients.entrySet()) {
            List<Pending> alerts = group.getValue();
            List<Map.Entry<AlertMail, List<Pending>>> mails = alerts.size() > settings.digestThreshold()
                    ? List.of(Map.entry(digest(group.getKey(), alerts, now), alerts))
                    : alerts.stream().map(p -> Map.entry(single(group.getKey(), p, now), List.of(p))).toList();
            for (Map.Entry<AlertMail, List<Pending>> mail : mails) {
                List<Long> ids = mail.getValue().stream().map(Pending::id).toList();
                try {
                    mailer.send(mail.getKey());
                } catch (IllegalStateException e) {
                    release(ids, token, e.getMessage());
                    log.warn("Deadline alert mail to {} not sent, retried at the next run: {}", group.getKey(), e.getMessage());
                    continue;
                }
                markSent(ids, token, now);
                mail.getValue().forEach(p -> counter.alertSent("sla", p.channelId()));
                sent += ids.size();
            }
        }
        return sent;
    }

    /**
     * Takes the pending alerts, and those a dead run left SENDING past their lease; the ones no longer
     * worth a mail are closed here.
     */
    private List<Pending> claim(Instant now, String token) {
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
        List<Pending> pending = jdbc.sql("""
                select a.id, a.conversation_id, a.channel_id, a.lead_seconds, a.due_at, a.clock_started_at,
                       c.status, c.clock_started_at as current_start, c.subject, c.customer_name, c.order_id
                from sla_alert a join conversation c on c.id = a.conversation_id where a.id in (:ids) order by a.due_at, a.id""")
                .param("ids", ids)
                .query((rs, n) -> new Pending(rs.getLong("id"), rs.getLong("conversation_id"), rs.getString("channel_id"),
                        rs.getLong("lead_seconds"), SqlTime.read(rs, "due_at"), SqlTime.read(rs, "clock_started_at"),
                        rs.getString("status"), SqlTime.read(rs, "current_start"), rs.getString("subject"),
                        rs.getString("customer_name"), rs.getString("order_id")))
                .list();
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

    private void close(long id, String status, String note) {
        jdbc.sql("update sla_alert set status = :status, note = :note where id = :id")
                .param("status", status)
                .param("note", note)
                .param("id", id)
                .update();
    }

    /** Only while the claim is still this run's: a run that outlived its lease must not mark another's work. */
    private void markSent(List<Long> ids, String token, Instant now) {
        jdbc.sql("""
                update sla_alert set status = 'SENT', sent_at = :now, note = null, claim_token = null, lease_until = null
                where id in (:ids) and claim_token = :token""")
                .param("now", SqlTime.param(now))
                .param("ids", ids)
                .param("token", token)
                .update();
    }

    private void release(List<Long> ids, String token, String error) {
        jdbc.sql("""
                update sla_alert set status = 'PENDING', note = :note, claim_token = null, lease_until = null
                where id in (:ids) and claim_token = :token""")
                .param("note", error == null || error.length() <= 500 ? error : error.substring(0, 499) + "…")
                .param("ids", ids)
                .param("token", token)
                .update();
    }

    private AlertMail single(List<String> to, Pending p, Instant now) {
        String what = p.leadSeconds() == 0 ? "Deadline breached" : left(p.dueAt(), now) + " left";
        return new AlertMail(to, "[Omniqueue] " + what + ": " + title(p) + " (" + p.channelId() + ")",
                what + " to answer this conversation.\n\n" + line(p, now) + "\n");
    }

    private AlertMail digest(List<String> to, List<Pending> alerts, Instant now) {
        Instant earliest = alerts.stream().map(Pending::dueAt).min(Instant::compareTo).orElseThrow();
        StringBuilder body = new StringBuilder(alerts.size() + " conversations need an answer soon or are past their deadline,"
                + " earliest first:\n\n");
        alerts.forEach(p -> body.append("- ").append(line(p, now)).append('\n'));
        return new AlertMail(to, "[Omniqueue] " + alerts.size() + " conversations need an answer, the earliest due "
                + TIME.format(earliest), body.toString());
    }

    private String line(Pending p, Instant now) {
        String when = p.dueAt().isAfter(now) ? left(p.dueAt(), now) + " left" : "breached";
        return "[" + when + "] " + p.channelId() + ": " + title(p) + (p.customerName() == null ? "" : " from " + p.customerName())
                + (p.orderId() == null ? "" : ", order " + p.orderId()) + ", due " + TIME.format(p.dueAt()) + "\n  "
                + web.link("/api/conversations/" + p.conversationId());
    }

    private static String title(Pending p) {
        return p.subject() == null || p.subject().isBlank() ? "conversation " + p.conversationId() : p.subject();
    }

    private static String left(Instant due, Instant now) {
        Duration d = Duration.between(now, due);
        if (d.isNegative() || d.isZero()) {
            return "no time";
        }
        long minutes = (d.toSeconds() + 59) / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
    }

    private record Pending(long id, long conversationId, String channelId, long leadSeconds, Instant dueAt,
                           Instant clockStartedAt, String status, Instant currentStart, String subject, String customerName,
                           String orderId) {
    }
}
