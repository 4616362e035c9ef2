package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An agent's decision that a conversation needs no answer (a "thank you", a note): stops the clock. */
@Service
public class NoReplyNeededMarker {

    private final JdbcClient jdbc;
    private final ClockRecalculator clocks;
    private final ConversationLock lock;
    private final Clock clock;
    private final ConversationEvents events;
    private final List<ConversationListener> listeners;

    NoReplyNeededMarker(JdbcClient jdbc, ClockRecalculator clocks, ConversationLock lock, ConversationEvents events, Clock clock,
                        List<ConversationListener> listeners) {
        this.listeners = listeners;
        this.events = events;
        this.jdbc = jdbc;
        this.lock = lock;
        this.clocks = clocks;
        this.clock = clock;
    }

    @Transactional
    public void mark(long conversationId, String by, String reason) {
        lock.acquire(conversationId);
        int updated = jdbc.sql("""
                update conversation set no_reply_by = :by, no_reply_reason = :reason, no_reply_at = :at where id = :id""")
                .param("by", by)
                .param("reason", reason)
                .param("at", SqlTime.param(clock.instant()))
                .param("id", conversationId)
                .update();
        if (updated == 0) {
            throw new ConversationNotFoundException(conversationId);
        }
        events.record(conversationId, ConversationEventKind.NO_REPLY_NEEDED, by, reason);
        clocks.recompute(conversationId);
        listeners.forEach(listener -> listener.changed(conversationId));
    }
}
