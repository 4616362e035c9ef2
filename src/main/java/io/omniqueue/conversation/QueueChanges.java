package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where a periodic reader of the queue (the SLA watch, the metrics refresh) resumes: every writer
 * of a conversation's status, clock or marketplace stamps {@code conversation.queue_changed_at}
 * with the database's time, so a reader asks only for the rows changed since its last look
 * ({@code queue_changed_at > :since}, served by {@code ix_conversation_queue_changed}).
 *
 * <p>The stamp is the writing transaction's time, and that transaction may commit a little after
 * the reader looked: {@link #since(Instant)} reaches back {@link #OVERLAP} before the last look, so
 * such a row is read on the next run. Reading a row twice is harmless; both readers take the row's
 * current state.
 */
@Component
public class QueueChanges {

    /**
     * Far longer than any transaction that changes a conversation (one group commit of ingest, at
     * most 64 messages), and short enough that a refresh every 15 s during a burst of ingest does
     * not read the same rows many times over.
     */
    public static final Duration OVERLAP = Duration.ofSeconds(30);

    private final JdbcClient jdbc;

    QueueChanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The database's time now: keep it before reading, and pass it to {@link #since(Instant)} on the next run. */
    public Instant mark() {
        return jdbc.sql("select current_timestamp as now").query((rs, n) -> SqlTime.read(rs, "now")).single();
    }

    /** The lower bound ({@code queue_changed_at > since}) of the rows changed after the look that took {@code mark}. */
    public static Instant since(Instant mark) {
        return mark.minus(OVERLAP);
    }
}
