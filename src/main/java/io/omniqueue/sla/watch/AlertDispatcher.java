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
import org.springframework.stereotype.Component;

/**
 * Sends the pending deadline alerts. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so each alert is sent by one node; a conversation answered since the alert was planned gets none;
 * more alerts for the same recipients than the digest threshold go out as one digest.
 */
@Component
class AlertDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private final AlertClaims claims;
    private final AlertMailer mailer;
    private final AlertRecipients recipients;
    private final AlertSettings settings;
    private final AlertMetrics counter;
    private final WebSettings web;

    AlertDispatcher(AlertClaims claims, AlertMailer mailer, AlertRecipients recipients, AlertSettings settings,
                    AlertMetrics counter, WebSettings web) {
        this.web = web;
        this.claims = claims;
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
        List<Pending> claimed = claims.claim(now, token);
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
                    claims.release(ids, token, e.getMessage());
                    log.warn("Deadline alert mail to {} not sent, retried at the next run: {}", group.getKey(), e.getMessage());
                    continue;
                }
                claims.markSent(ids, token, now);
                mail.getValue().forEach(p -> counter.alertSent("sla", p.channelId()));
                sent += ids.size();
            }
        }
        return sent;
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

}
