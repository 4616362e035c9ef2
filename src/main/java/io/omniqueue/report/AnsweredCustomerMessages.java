package io.omniqueue.report;

import io.omniqueue.channel.Marketplace;
import io.omniqueue.conversation.ConversationListener;
import io.omniqueue.conversation.StoredMessageListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keeps {@code report_customer_message}: each customer message (inbound, starting the clock) with the
 * time it was answered and what the report judges it by (its conversation's channel, marketplace,
 * policy, topic and no-reply mark), so the report reads a period's narrow rows by sent time instead
 * of looking up, for each customer message, its answer among five million messages and its
 * conversation among a million. The answer is the report's rule: the first shop message of the
 * conversation sent at or after it and not marked undelivered.
 *
 * <p>The ingest (a message stored, with the topic it read) and the conversation's other writers (a
 * reply added, a poll's copy giving way, a reply marked undelivered, a no-reply mark, a topic
 * correction) tell this class inside their transaction, after locking the conversation, and it
 * recomputes that conversation's few rows: they commit with the change or not at all. Contracts are
 * not kept here: they come from the configuration at query time, so a changed contract applies at
 * once. V22 filled the rows of the messages stored before; V29 turned their times into microseconds.
 */
@Repository
class AnsweredCustomerMessages implements StoredMessageListener, ConversationListener {

    private final JdbcClient jdbc;

    AnsweredCustomerMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void stored(StoredMessage stored) {
        // Every message: even one needing no reply may have changed the conversation's topic.
        refresh(stored.conversationId());
    }

    @Override
    public void changed(long conversationId) {
        refresh(conversationId);
    }

    @Override
    public void marketplaceMoved(String channelId, String marketplace) {
        // The same rule as the conversations' own move, on the same rows.
        jdbc.sql("update report_customer_message set marketplace = :marketplace where channel_id = :channel and marketplace = :shop")
                .param("marketplace", marketplace)
                .param("channel", channelId)
                .param("shop", Marketplace.SHOP)
                .update();
    }

    /** Recomputes the conversation's rows from it and its messages (a handful: cheaper than working out which changed). */
    void refresh(long conversationId) {
        jdbc.sql("delete from report_customer_message where conversation_id = :c").param("c", conversationId).update();
        jdbc.sql("""
                insert into report_customer_message (message_id, conversation_id, channel_id, marketplace, sla_policy, topic,
                                                     no_reply_at, sent_at, sent_us, answered_us)
                select m.id, m.conversation_id, c.channel_id, c.marketplace, c.sla_policy, c.topic, c.no_reply_at, m.sent_at,
                       cast(extract(epoch from m.sent_at) * 1000000 as bigint),
                       cast(extract(epoch from (select min(o.sent_at) from message o
                                                where o.conversation_id = m.conversation_id and o.direction = 'OUTBOUND'
                                                  and o.sent_at >= m.sent_at and o.undelivered = false)) * 1000000 as bigint)
                from message m
                join conversation c on c.id = m.conversation_id
                where m.conversation_id = :c and m.direction = 'INBOUND' and m.starts_clock = true""")
                .param("c", conversationId)
                .update();
    }
}
