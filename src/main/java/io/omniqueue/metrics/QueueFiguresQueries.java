package io.omniqueue.metrics;

import io.omniqueue.conversation.QueueChanges;
import io.omniqueue.reply.ReplyCounts;
import io.omniqueue.reply.ReplyService;
import io.omniqueue.platform.SqlTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The queue's figures, read with work proportional to what changed: the conversations waiting for
 * a reply are kept here (id, queue, due time, clock start), read whole at the first refresh after
 * start-up and then only those a writer stamped since the last refresh ({@link QueueChanges}); the
 * at-risk and breached counts, which move with time alone, are counted from the due times kept.
 * At 1 M conversations the whole read was 50,000 rows every 15 s. Portable SQL (H2 and PostgreSQL).
 */
@Repository
class QueueFiguresQueries {

    /**
     * How often the kept conversations are read whole again anyway: a safety net for what the change
     * stamps cannot show (a node of an older version writing during a rolling upgrade, a row
     * changed or deleted by hand in the database). At 1 M conversations one whole read is an
     * index-only scan of the open ones, a fortieth of what a refresh every 15 s read before.
     */
    static final Duration WHOLE_READ_EVERY = Duration.ofMinutes(10);

    private static final String COLUMNS = "id, status, channel_id, marketplace, due_at, clock_started_at";

    private final JdbcClient jdbc;
    private final ReplyService replies;
    private final QueueChanges changes;
    /** The NEEDS_REPLY conversations by id, as of the last refresh. */
    private final Map<Long, Open> open = new HashMap<>();
    /** The change mark taken before the last refresh read; null until one succeeded. */
    private Instant mark;
    /** The change mark of the last whole read. */
    private Instant wholeReadMark;

    QueueFiguresQueries(JdbcClient jdbc, ReplyService replies, QueueChanges changes) {
        this.replies = replies;
        this.jdbc = jdbc;
        this.changes = changes;
    }

    synchronized QueueFigures read(Instant now, Instant atRiskUntil) {
        followChanges();
        Map<QueueFigures.Queue, Counting> counting = new HashMap<>();
        for (Open o : open.values()) {
            counting.computeIfAbsent(o.queue(), q -> new Counting()).add(o, now, atRiskUntil);
        }
        Map<QueueFigures.Queue, QueueFigures.Waiting> waiting = new HashMap<>();
        counting.forEach((queue, c) -> waiting.put(queue, c.waiting()));
        ReplyCounts replyCounts = replies.counts();
        return new QueueFigures(now, waiting, replyCounts.pending(), replyCounts.failed());
    }

    private void followChanges() {
        // Taken before reading: a change committed during the read is read again next time.
        Instant next = changes.mark();
        // A failed whole read leaves wholeReadMark as it was, so the next refresh reads whole again.
        if (mark == null || next.isBefore(mark) || !next.isBefore(wholeReadMark.plus(WHOLE_READ_EVERY))) {
            open.clear();
            // Served by ix_conversation_open_figures: an index-only scan on PostgreSQL.
            jdbc.sql("select " + COLUMNS + " from conversation where status = 'NEEDS_REPLY'")
                    .query(rs -> {
                        keep(rs.getLong("id"), rs.getString("status"), rs.getString("channel_id"),
                                rs.getString("marketplace"), SqlTime.read(rs, "due_at"), SqlTime.read(rs, "clock_started_at"));
                    });
            wholeReadMark = next;
        } else {
            // Served by ix_conversation_queue_changed: the rows written since the last refresh, whatever their status.
            jdbc.sql("select " + COLUMNS + " from conversation where queue_changed_at > :since")
                    .param("since", SqlTime.param(QueueChanges.since(mark)))
                    .query(rs -> {
                        keep(rs.getLong("id"), rs.getString("status"), rs.getString("channel_id"),
                                rs.getString("marketplace"), SqlTime.read(rs, "due_at"), SqlTime.read(rs, "clock_started_at"));
                    });
        }
        mark = next;
    }

    private void keep(long id, String status, String channelId, String marketplace, Instant dueAt, Instant clockStartedAt) {
        if ("NEEDS_REPLY".equals(status)) {
            open.put(id, new Open(new QueueFigures.Queue(channelId, marketplace), dueAt, clockStartedAt));
        } else {
            open.remove(id);
        }
    }

    /** One conversation waiting for a reply. */
    private record Open(QueueFigures.Queue queue, Instant dueAt, Instant clockStartedAt) {
    }

    /** The figures of one queue, added up conversation by conversation as the SQL's count and sums did. */
    private static final class Counting {
        private long open;
        private long atRisk;
        private long breached;
        private Instant oldest;

        void add(Open o, Instant now, Instant atRiskUntil) {
            open++;
            if (o.dueAt() != null && !o.dueAt().isBefore(now) && !o.dueAt().isAfter(atRiskUntil)) {
                atRisk++;
            }
            if (o.dueAt() != null && o.dueAt().isBefore(now)) {
                breached++;
            }
            if (o.clockStartedAt() != null && (oldest == null || o.clockStartedAt().isBefore(oldest))) {
                oldest = o.clockStartedAt();
            }
        }

        QueueFigures.Waiting waiting() {
            return new QueueFigures.Waiting(open, atRisk, breached, oldest);
        }
    }
}
