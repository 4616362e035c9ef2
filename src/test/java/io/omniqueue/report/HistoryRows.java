package io.omniqueue.report;

import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Writes conversation history straight into the real tables, with exact timestamps: the report
 * reads only stored history, and the ingest would stamp "now" where a test needs days ago. Each
 * write then recomputes the conversation's answered customer messages, as the conversation's
 * writers have them recomputed ({@link AnsweredCustomerMessages}).
 */
final class HistoryRows {

    private final JdbcClient jdbc;
    private final AnsweredCustomerMessages answered;

    HistoryRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.answered = new AnsweredCustomerMessages(jdbc);
    }

    /** @param slaPolicy the conversation's own policy key ({@code amazon}), or null for the channel's */
    long conversation(String channel, String slaPolicy) {
        return conversation(channel, slaPolicy, "shop");
    }

    /** @param marketplace whose deadline counts ({@code amazon.es}), as the ingest set it from the first message */
    long conversation(String channel, String slaPolicy, String marketplace) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, created_at, sla_policy, marketplace)
                values (:channel, :thread, 'NEEDS_REPLY', :at, :policy, :marketplace)""")
                .param("channel", channel)
                .param("thread", "thread-" + UUID.randomUUID())
                .param("at", SqlTime.param(Instant.EPOCH))
                .param("policy", slaPolicy)
                .param("marketplace", marketplace)
                .update(keys, "id");
        return ((Number) keys.getKeyList().get(0).get("id")).longValue();
    }

    void customerMessage(long conversation, String channel, Instant sentAt) {
        message(conversation, channel, "INBOUND", "CUSTOMER", sentAt, true, null);
    }

    /** An operator's note that needs no reply: stored, but it does not start the clock. */
    void operatorNote(long conversation, String channel, Instant sentAt) {
        message(conversation, channel, "INBOUND", "OPERATOR", sentAt, false, null);
    }

    /** A shop message written at the source (the marketplace back office), not through our outbox. */
    void shopMessage(long conversation, String channel, Instant sentAt) {
        message(conversation, channel, "OUTBOUND", "SHOP", sentAt, false, null);
    }

    /** A reply from our outbox, as ReplyStore stores it: a reply row and its outbound message. */
    void outboxReply(long conversation, String channel, Instant sentAt, String status) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into reply (conversation_id, channel_id, body, status, attempts, next_attempt_at, created_at, sent_at)
                values (:c, :channel, 'Thanks for writing', :status, 1, :at, :at, :sent)""")
                .param("c", conversation)
                .param("channel", channel)
                .param("status", status)
                .param("at", SqlTime.param(sentAt))
                .param("sent", "SENT".equals(status) ? SqlTime.param(sentAt) : null)
                .update(keys, "id");
        long replyId = ((Number) keys.getKeyList().get(0).get("id")).longValue();
        message(conversation, channel, "OUTBOUND", "SHOP", sentAt, false, replyId);
        if ("FAILED".equals(status)) {
            // As the outbox's failure does it (OutboundMessages.markUndelivered).
            jdbc.sql("update message set undelivered = true where reply_id = :reply").param("reply", replyId).update();
            answered.refresh(conversation);
        }
    }

    void noReplyNeeded(long conversation, Instant at) {
        jdbc.sql("update conversation set no_reply_by = 'agent', no_reply_reason = 'a thank-you', no_reply_at = :at where id = :id")
                .param("at", SqlTime.param(at))
                .param("id", conversation)
                .update();
        answered.changed(conversation);
    }

    private void message(long conversation, String channel, String direction, String role, Instant sentAt,
                         boolean startsClock, Long replyId) {
        jdbc.sql("""
                insert into message (conversation_id, channel_id, external_message_id, direction, author_role, body,
                                     sent_at, received_at, starts_clock, clock_start_at, reply_id)
                values (:c, :channel, :external, :direction, :role, 'text', :at, :at, :starts, :clockStart, :reply)""")
                .param("c", conversation)
                .param("channel", channel)
                .param("external", "message-" + UUID.randomUUID())
                .param("direction", direction)
                .param("role", role)
                .param("at", SqlTime.param(sentAt))
                .param("starts", startsClock)
                .param("clockStart", startsClock ? SqlTime.param(sentAt) : null)
                .param("reply", replyId)
                .update();
        answered.refresh(conversation);
    }
}
