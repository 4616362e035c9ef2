package io.omniqueue.conversation;

import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.platform.RowLocks;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.sla.ClockEffect;
import io.omniqueue.sla.ClockEvent;
import io.omniqueue.sla.ClockState;
import io.omniqueue.sla.ConversationClock;
import io.omniqueue.sla.Deadlines;
import io.omniqueue.sla.SlaPolicy;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes a conversation's status and due times from its stored history. Called inside the
 * transaction that changed the history; it locks the conversation row so that two changes of
 * one conversation (an ingest and a failed reply) never write from a stale read.
 */
@Component
public class ClockRecalculator {

    private final JdbcClient jdbc;
    private final ChannelRegistry channels;
    private final ConversationEvents trail;
    /** The conversation's clock fields, the row locked as every writer locks it ({@link ConversationLock}). */
    private final String readLocked;

    ClockRecalculator(JdbcClient jdbc, ChannelRegistry channels, ConversationEvents trail, RowLocks locks) {
        this.jdbc = jdbc;
        this.readLocked = """
                select channel_id, status, no_reply_at, closed_at, sla_policy, clock_started_at, contract_due_at,
                       internal_due_at, due_at
                from conversation where id = :id\s""" + locks.forUpdate();
        this.channels = channels;
        this.trail = trail;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void recompute(long conversationId) {
        Conversation c = jdbc.sql(readLocked)
                .param("id", conversationId)
                .query((rs, n) -> new Conversation(rs.getString("channel_id"), rs.getString("status"),
                        SqlTime.read(rs, "no_reply_at"), SqlTime.read(rs, "closed_at"), rs.getString("sla_policy"),
                        new Clocked(rs.getString("status"), SqlTime.read(rs, "clock_started_at"),
                                SqlTime.read(rs, "contract_due_at"), SqlTime.read(rs, "internal_due_at"),
                                SqlTime.read(rs, "due_at"))))
                .single();
        List<ClockEvent> events = jdbc.sql("""
                select m.sent_at, m.direction, m.starts_clock, m.clock_start_at, m.undelivered
                from message m where m.conversation_id = :id""")
                .param("id", conversationId)
                .query((rs, n) -> new ClockEvent(SqlTime.read(rs, "sent_at"),
                        effect(rs.getString("direction"), rs.getBoolean("starts_clock"), rs.getBoolean("undelivered")),
                        SqlTime.read(rs, "clock_start_at")))
                .list();
        // A close answers everything before it, as "no reply needed" does; a customer message after it reopens.
        ClockState state = ConversationClock.evaluate(events, latest(c.noReplyAt(), c.closedAt()));
        Deadlines deadlines = state.running() ? policyOf(c.channelId(), c.slaPolicy()).deadlinesFor(state.startedAt()) : null;
        ConversationStatus status = status(c, state);
        Clocked now = new Clocked(status.name(), state.startedAt(), deadlines == null ? null : deadlines.contractDueAt(),
                deadlines == null ? null : deadlines.internalDueAt(), deadlines == null ? null : deadlines.dueAt());
        if (now.equals(c.clocked())) {
            // A follow-up while the clock runs (the oldest unanswered message counts) changes nothing: no
            // rewrite of the row and of the queue indexes on it, and nothing for the trail either.
            return;
        }
        jdbc.sql("""
                update conversation set status = :status, clock_started_at = :started,
                    contract_due_at = :contractDue, internal_due_at = :internalDue, due_at = :due,
                    queue_changed_at = current_timestamp
                where id = :id""")
                .param("status", status.name())
                .param("started", SqlTime.param(state.startedAt()))
                .param("contractDue", SqlTime.param(deadlines == null ? null : deadlines.contractDueAt()))
                .param("internalDue", SqlTime.param(deadlines == null ? null : deadlines.internalDueAt()))
                .param("due", SqlTime.param(deadlines == null ? null : deadlines.dueAt()))
                .param("id", conversationId)
                .update();
        boolean wasWaiting = ConversationStatus.NEEDS_REPLY.name().equals(c.status());
        if (ConversationStatus.CLOSED.name().equals(c.status()) && state.running()) {
            trail.record(conversationId, ConversationEventKind.REOPENED, ConversationEvents.SYSTEM,
                    "the customer wrote after the close");
        }
        if (!wasWaiting && state.running()) {
            trail.record(conversationId, ConversationEventKind.CLOCK_STARTED, ConversationEvents.SYSTEM,
                    "waiting since " + state.startedAt() + ", due " + deadlines.dueAt());
        } else if (wasWaiting && !state.running()) {
            trail.record(conversationId, ConversationEventKind.CLOCK_STOPPED, ConversationEvents.SYSTEM, status.name());
        }
    }

    private SlaPolicy policyOf(String channelId, String policyKey) {
        // A channel removed from the configuration keeps its history; its open clocks fall back to 24 h.
        return channels.find(channelId).map(ch -> ch.policy(policyKey))
                .orElse(SlaPolicy.wallClock(java.time.Duration.ofHours(24)));
    }

    private static ConversationStatus status(Conversation c, ClockState state) {
        if (state.running()) {
            return ConversationStatus.NEEDS_REPLY;
        }
        if (ConversationStatus.CLOSED.name().equals(c.status())) {
            return ConversationStatus.CLOSED;
        }
        return state.stoppedByNoReplyNeeded() ? ConversationStatus.NO_REPLY_NEEDED : ConversationStatus.WAITING_CUSTOMER;
    }

    private static ClockEffect effect(String direction, boolean startsClock, boolean undelivered) {
        if (Direction.OUTBOUND.name().equals(direction)) {
            // A reply that never reached the customer (OutboundMessages.markUndelivered) stops nothing.
            return undelivered ? ClockEffect.NONE : ClockEffect.STOPS;
        }
        return startsClock ? ClockEffect.STARTS : ClockEffect.NONE;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private record Conversation(String channelId, String status, Instant noReplyAt, Instant closedAt, String slaPolicy,
                                Clocked clocked) {
    }

    /** What a recompute writes. */
    private record Clocked(String status, Instant startedAt, Instant contractDueAt, Instant internalDueAt, Instant dueAt) {
    }
}
