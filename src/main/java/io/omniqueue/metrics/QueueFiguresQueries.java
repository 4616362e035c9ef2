package io.omniqueue.metrics;

import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.reply.ReplyCounts;
import io.omniqueue.reply.ReplyService;
import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Three grouped queries per refresh, whatever the number of channels (portable: H2 and PostgreSQL). */
@Repository
class QueueFiguresQueries {

    private final JdbcClient jdbc;

    private final ReplyService replies;
    private final ChannelCursorStore cursors;

    QueueFiguresQueries(JdbcClient jdbc, ReplyService replies, ChannelCursorStore cursors) {
        this.replies = replies;
        this.cursors = cursors;
        this.jdbc = jdbc;
    }

    QueueFigures read(Instant now, Instant atRiskUntil) {
        Map<QueueFigures.Queue, QueueFigures.Waiting> waiting = new HashMap<>();
        // Served by ix_conversation_status_queue (status, due_at, id).
        jdbc.sql("""
                select channel_id, marketplace, count(*) as open_count,
                    sum(case when due_at >= :now and due_at <= :until then 1 else 0 end) as at_risk,
                    sum(case when due_at < :now then 1 else 0 end) as breached,
                    min(clock_started_at) as oldest
                from conversation where status = 'NEEDS_REPLY' group by channel_id, marketplace""")
                .param("now", SqlTime.param(now))
                .param("until", SqlTime.param(atRiskUntil))
                .query(rs -> {
                    waiting.put(new QueueFigures.Queue(rs.getString("channel_id"), rs.getString("marketplace")),
                            new QueueFigures.Waiting(rs.getLong("open_count"), rs.getLong("at_risk"),
                                    rs.getLong("breached"), SqlTime.read(rs, "oldest")));
                });
        ReplyCounts replyCounts = replies.counts();
        Map<String, Instant> lastSuccess = new HashMap<>();
        for (ChannelCursor cursor : cursors.all()) {
            if (cursor.lastSuccessAt() != null) {
                lastSuccess.put(cursor.channelId(), cursor.lastSuccessAt());
            }
        }
        return new QueueFigures(now, waiting, replyCounts.pending(), replyCounts.failed(), lastSuccess);
    }
}
