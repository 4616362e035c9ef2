package io.omniqueue.sla.watch;

import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelState;
import io.omniqueue.metrics.AlertMetrics;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.reply.FailedReply;
import io.omniqueue.reply.ReplyService;
import io.omniqueue.platform.WebSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operational conditions an operator must hear about: a channel whose polls have failed for
 * longer than {@code failing-after}, a channel whose credentials were refused, a reply that ended
 * FAILED while its conversation still waits. One mail when a condition starts, at most one per
 * {@code repeat-every} while it lasts, one when it is over. The rows are locked while a node
 * works on them, so two nodes never send the same mail.
 */
@Component
class OperationalWatch {

    private static final Logger log = LoggerFactory.getLogger(OperationalWatch.class);
    // Failed replies older than this are history, not a condition to report again.
    private static final Duration FAILED_REPLY_WINDOW = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final ChannelCursorStore cursors;
    private final AlertMailer mailer;
    private final AlertRecipients recipients;
    private final AlertSettings settings;
    private final AlertMetrics counter;
    private final WebSettings web;
    private final ReplyService replies;

    OperationalWatch(JdbcClient jdbc, ChannelCursorStore cursors, AlertMailer mailer, AlertRecipients recipients,
                     AlertSettings settings, AlertMetrics counter, WebSettings web, ReplyService replies) {
        this.replies = replies;
        this.web = web;
        this.jdbc = jdbc;
        this.cursors = cursors;
        this.mailer = mailer;
        this.recipients = recipients;
        this.settings = settings;
        this.counter = counter;
    }

    @Transactional
    void check(Instant now) {
        Map<String, Condition> current = currentConditions(now);
        for (Condition c : current.values()) {
            jdbc.sql("""
                    insert into ops_alert (alert_key, kind, channel_id, active, detail, first_seen_at)
                    values (:key, :kind, :channel, false, :detail, :now) on conflict do nothing""")
                    .param("key", c.key()).param("kind", c.kind()).param("channel", c.channelId())
                    .param("detail", cut(c.detail())).param("now", SqlTime.param(now)).update();
        }
        List<Row> rows = jdbc.sql("select * from ops_alert where active = true or alert_key in (:keys) order by alert_key for update")
                .param("keys", current.isEmpty() ? List.of("-") : List.copyOf(current.keySet()))
                .query((rs, n) -> new Row(rs.getString("alert_key"), rs.getString("kind"), rs.getString("channel_id"),
                        rs.getBoolean("active"), SqlTime.read(rs, "last_sent_at")))
                .list();
        for (Row row : rows) {
            Condition condition = current.get(row.key());
            if (condition != null && !row.active()) {
                notify(row, condition.detail(), "started", now, true);
            } else if (condition != null && (row.lastSentAt() == null || !row.lastSentAt().plus(settings.repeatEvery()).isAfter(now))) {
                notify(row, condition.detail(), "still going on", now, true);
            } else if (condition == null && row.active()) {
                notify(row, "back to normal", "over", now, false);
            }
        }
    }

    private void notify(Row row, String detail, String phase, Instant now, boolean active) {
        List<String> to = recipients.of(row.channelId(), false);
        boolean mailed = false;
        if (!to.isEmpty() && settings.canSend()) {
            try {
                mailer.send(new AlertMail(to, "[Omniqueue] " + title(row) + ": " + phase,
                        title(row) + " (" + phase + ").\n\n" + detail + "\n\nChannels: "
                                + web.link("/api/channels") + "\n"));
                mailed = true;
                counter.alertSent(row.kind(), row.channelId());
            } catch (IllegalStateException e) {
                log.warn("Operational alert {} not sent: {}", row.key(), e.getMessage());
                return;
            }
        }
        jdbc.sql("""
                update ops_alert set active = :active, detail = :detail, last_sent_at = :sent,
                    resolved_at = :resolved where alert_key = :key""")
                .param("active", active)
                .param("detail", cut(detail))
                .param("sent", SqlTime.param(mailed || active ? now : row.lastSentAt()))
                .param("resolved", SqlTime.param(active ? null : now))
                .param("key", row.key())
                .update();
    }

    private Map<String, Condition> currentConditions(Instant now) {
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (ChannelCursor cursor : cursors.all()) {
            if (cursor.state() == ChannelState.UNAUTHORIZED) {
                add(conditions, new Condition("unauthorized:" + cursor.channelId(), "channel-unauthorized", cursor.channelId(),
                        "Channel " + cursor.channelId() + " refused our credentials: " + cursor.lastError()
                                + "\nPolling is paused; fix the credentials, then POST /api/channels/" + cursor.channelId() + "/resume."));
            }
        }
        for (ChannelCursor cursor : cursors.all()) {
            Instant since = cursor.state() == ChannelState.BACKING_OFF ? cursor.failingSince() : null;
            if (since != null && !since.plus(settings.failingAfter()).isAfter(now)) {
                add(conditions, new Condition("failing:" + cursor.channelId(), "channel-failing", cursor.channelId(),
                        "Polling channel " + cursor.channelId() + " has failed since " + since + ". Last error: "
                                + cursor.lastError()));
            }
        }
        for (FailedReply failed : replies.failedAwaitingAnswer(now.minus(FAILED_REPLY_WINDOW))) {
            add(conditions, new Condition("reply-failed:" + failed.id(), "reply-failed", failed.channelId(),
                    "Reply " + failed.id() + " to conversation " + failed.conversationId() + " could not be delivered: "
                            + failed.lastError() + "\nThe conversation waits for an answer again."));
        }
        return conditions;
    }

    private static void add(Map<String, Condition> conditions, Condition c) {
        conditions.put(c.key(), c);
    }

    private static String title(Row row) {
        return switch (row.kind()) {
            case "channel-unauthorized" -> "Channel " + row.channelId() + " unauthorized";
            case "channel-failing" -> "Channel " + row.channelId() + " failing";
            case "reply-failed" -> "Reply not delivered on " + row.channelId();
            default -> row.kind();
        };
    }

    private static String cut(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }

    private record Condition(String key, String kind, String channelId, String detail) {
    }

    private record Row(String key, String kind, String channelId, boolean active, Instant lastSentAt) {
    }
}
