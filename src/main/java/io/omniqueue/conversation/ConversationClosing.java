package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An agent's close of a conversation: it leaves the queue (status CLOSED, clock stopped at the
 * close) until the customer writes again. Runs inside the caller's transaction, so that telling
 * the source (the reply feature's outbox) commits with it or not at all.
 */
@Component
public class ConversationClosing {

    private final JdbcClient jdbc;
    private final ConversationLock lock;
    private final ClockRecalculator clocks;
    private final ConversationEvents events;
    private final Clock clock;

    ConversationClosing(JdbcClient jdbc, ConversationLock lock, ClockRecalculator clocks, ConversationEvents events,
                        Clock clock) {
        this.jdbc = jdbc;
        this.lock = lock;
        this.clocks = clocks;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param detail what the trail says beside the close (e.g. whether the source is told)
     * @throws ConversationNotFoundException when there is no such conversation
     * @throws ConversationAlreadyClosedException when it is closed already
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void close(long conversationId, String by, String detail) {
        lock.acquire(conversationId);
        int updated = jdbc.sql("""
                update conversation set status = 'CLOSED', closed_at = :at, closed_by = :by
                where id = :id and status <> 'CLOSED'""")
                .param("at", SqlTime.param(clock.instant()))
                .param("by", by == null || by.length() <= ConversationEvents.MAX_ACTOR ? by : by.substring(0, ConversationEvents.MAX_ACTOR))
                .param("id", conversationId)
                .update();
        if (updated == 0) {
            throw new ConversationAlreadyClosedException(conversationId);
        }
        events.record(conversationId, ConversationEventKind.CLOSED, by, detail);
        clocks.recompute(conversationId);
    }

    /** Whether the conversation is closed now (a customer message since the close reopened it). */
    public boolean isClosed(long conversationId) {
        return jdbc.sql("select count(*) from conversation where id = :id and status = 'CLOSED'")
                .param("id", conversationId).query(Integer.class).single() > 0;
    }
}
