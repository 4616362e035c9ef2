package io.omniqueue.report;

import io.omniqueue.channel.Marketplace;
import io.omniqueue.conversation.ConversationListener;
import io.omniqueue.conversation.StoredMessageListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * recomputes that conversation's few rows just before the transaction commits: they commit with the
 * change or not at all. Contracts are
 * not kept here: they come from the configuration at query time, so a changed contract applies at
 * once. V22 filled the rows of the messages stored before; V29 turned their times into microseconds.
 */
@Repository
class AnsweredCustomerMessages implements StoredMessageListener, ConversationListener {

    /** At most this many conversations per statement. */
    static final int PER_STATEMENT = 64;

    private final JdbcClient jdbc;

    AnsweredCustomerMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void stored(StoredMessage stored) {
        // Every message: even one needing no reply may have changed the conversation's topic.
        refreshBeforeCommit(stored.conversationId());
    }

    @Override
    public void changed(long conversationId) {
        refreshBeforeCommit(conversationId);
    }

    /**
     * Recomputes the conversation's rows once its transaction is about to commit, with every other
     * conversation that transaction changed: a group commit of 30 messages then costs two statements
     * here instead of 60. The writers lock the conversation before telling us and keep the lock until
     * the commit, so the rows are still computed under it, from the transaction's final state.
     * Outside a transaction (a tool), at once.
     */
    private void refreshBeforeCommit(long conversationId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh(conversationId);
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> changed = (Set<Long>) TransactionSynchronizationManager.getResource(this);
        if (changed == null) {
            Set<Long> conversations = new TreeSet<>();
            TransactionSynchronizationManager.bindResource(this, conversations);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    refresh(conversations);
                }

                // A transaction of its own inside this one (REQUIRES_NEW) keeps its own set.
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(AnsweredCustomerMessages.this);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(AnsweredCustomerMessages.this, conversations);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(AnsweredCustomerMessages.this);
                }
            });
            changed = conversations;
        }
        changed.add(conversationId);
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
        refresh(List.of(conversationId));
    }

    /** {@link #refresh(long)} for several conversations, in statements of at most {@value #PER_STATEMENT}. */
    void refresh(Collection<Long> conversationIds) {
        List<Long> ids = List.copyOf(conversationIds);
        for (int from = 0; from < ids.size(); from += PER_STATEMENT) {
            refreshSome(ids.subList(from, Math.min(ids.size(), from + PER_STATEMENT)));
        }
    }

    private void refreshSome(List<Long> some) {
        // Both tables are given the list: PostgreSQL does not carry an IN list across the join, and a join
        // it had to guess could walk the whole conversation table (the outbox claims once did).
        // Padded to a power of two with the last id again (harmless in an IN list), so that the statements'
        // texts are seven, which the databases' statement caches keep, rather than one per count.
        List<Long> conversationIds = new ArrayList<>(some);
        while (Integer.bitCount(conversationIds.size()) != 1) {
            conversationIds.add(some.get(some.size() - 1));
        }
        jdbc.sql("delete from report_customer_message where conversation_id in (:c)").param("c", conversationIds).update();
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
                where m.conversation_id in (:c) and c.id in (:c) and m.direction = 'INBOUND' and m.starts_clock = true""")
                .param("c", conversationIds)
                .update();
    }
}
