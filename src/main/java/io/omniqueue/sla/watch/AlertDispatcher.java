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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends the pending deadline alerts. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * each alert is sent by one node; a conversation answered since the alert was planned gets none;
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

    AlertDispatcher(JdbcClient jdbc, AlertMailer mailer, AlertRecipients recipients, AlertSettings settings,
                    AlertMetrics counter, WebSettings web) {
        this.web = web;
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.recipients = recipients;
        this.settings = settings;
        this.counter = counter;
    }

    @Transactional
    int dispatch(Instant now) {
        List<Long> ids = jdbc.sql("select id from sla_alert where status = 'PENDING' order by id limit :n for update skip locked")
                .param("n", BATCH).query(Long.class).list();
        if (ids.isEmpty()) {
            return 0;
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
        Map<List<String>, List<Pending>> byRecipients = new LinkedHashMap<>();
        for (Pending p : pending) {
            if (!"NEEDS_REPLY".equals(p.status()) || !p.clockStartedAt().equals(p.currentStart())) {
                mark(p.id(), "SKIPPED", "answered before the alert went out", now);
                continue;
            }
            List<String> to = recipients.of(p.channelId(), p.leadSeconds() == 0);
            if (to.isEmpty() || !settings.canSend()) {
                mark(p.id(), "SKIPPED", to.isEmpty() ? "no alert recipients configured" : "omniqueue.alerts.smtp is not set", now);
                continue;
            }
            byRecipients.computeIfAbsent(to, k -> new ArrayList<>()).add(p);
        }
        int sent = 0;
        for (Map.Entry<List<String>, List<Pending>> group : byRecipients.entrySet()) {
            List<Pending> alerts = group.getValue();
            List<AlertMail> mails = alerts.size() > settings.digestThreshold()
                    ? List.of(digest(group.getKey(), alerts, now))
                    : alerts.stream().map(p -> single(group.getKey(), p, now)).toList();
            try {
                mails.forEach(mailer::send);
            } catch (IllegalStateException e) {
                // Left PENDING: the next run tries again.
                log.warn("Deadline alerts to {} not sent: {}", group.getKey(), e.getMessage());
                continue;
            }
            alerts.forEach(p -> {
                mark(p.id(), "SENT", null, now);
                counter.alertSent("sla", p.channelId());
            });
            sent += alerts.size();
        }
        return sent;
    }

    private void mark(long id, String status, String note, Instant now) {
        jdbc.sql("update sla_alert set status = :status, note = :note, sent_at = :now where id = :id")
                .param("status", status)
                .param("note", note)
                .param("now", "SENT".equals(status) ? SqlTime.param(now) : null)
                .param("id", id)
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
