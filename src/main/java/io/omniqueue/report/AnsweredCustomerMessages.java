package io.omniqueue.report;

import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.StoredMessageListener;
import io.omniqueue.conversation.ThreadListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keeps {@code report_customer_message}: each customer message (inbound, starting the clock) with the
 * time it was answered, so the report reads a period's narrow rows by sent time instead of looking
 * up every customer message's answer among five million messages. The answer is the report's rule:
 * the first shop message of the conversation sent at or after it and not marked undelivered.
 *
 * <p>Only the thread decides an answer, and the thread changes only through the ingest (a message
 * stored) and the outbox (a reply added, a poll's copy giving way, a reply marked undelivered); both
 * tell this class inside their transaction, after locking the conversation, and it recomputes that
 * conversation's few rows, so the rows commit with the change or not at all. Everything else the
 * report judges by (channel, marketplace, policy, topic, no-reply mark) it reads from the
 * conversation at query time, so a correction or a mark applies at once. V22 filled the rows of the
 * messages stored before.
 */
@Repository
class AnsweredCustomerMessages implements StoredMessageListener, ThreadListener {

    private final JdbcClient jdbc;

    AnsweredCustomerMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void stored(StoredMessage stored) {
        // A customer message needing no reply (an operator's note) is not counted and answers nothing.
        if (stored.message().direction() == Direction.OUTBOUND || stored.message().needsReply()) {
            refresh(stored.conversationId());
        }
    }

    @Override
    public void threadChanged(long conversationId) {
        refresh(conversationId);
    }

    /** Recomputes the conversation's rows from its messages (a handful: cheaper than working out which changed). */
    void refresh(long conversationId) {
        jdbc.sql("delete from report_customer_message where conversation_id = :c").param("c", conversationId).update();
        jdbc.sql("""
                insert into report_customer_message (message_id, conversation_id, sent_at, answered_at)
                select m.id, m.conversation_id, m.sent_at,
                       (select min(o.sent_at) from message o
                        where o.conversation_id = m.conversation_id and o.direction = 'OUTBOUND'
                          and o.sent_at >= m.sent_at and o.undelivered = false)
                from message m
                where m.conversation_id = :c and m.direction = 'INBOUND' and m.starts_clock = true""")
                .param("c", conversationId)
                .update();
    }
}
