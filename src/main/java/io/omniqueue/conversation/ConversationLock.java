package io.omniqueue.conversation;

import io.omniqueue.platform.RowLocks;
import java.util.List;
import java.util.SortedSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first step of every transaction that changes a conversation or what hangs from it. All
 * write paths take the conversation's row lock before they touch anything else, so no two of
 * them can wait on each other: on PostgreSQL, inserting a reply or a message first takes a
 * share lock on the conversation through the foreign key, and the later {@code FOR UPDATE}
 * of the clock deadlocked against a second writer doing the same. The lock is {@link RowLocks#forUpdate()}:
 * on PostgreSQL it leaves those foreign-key share locks of other transactions free.
 */
@Component
public class ConversationLock {

    private final JdbcClient jdbc;
    private final String statement;
    private final String several;

    ConversationLock(JdbcClient jdbc, RowLocks locks) {
        this.jdbc = jdbc;
        this.statement = "select id from conversation where id = :id " + locks.forUpdate();
        this.several = "select id from conversation where id in (:ids) order by id " + locks.forUpdate();
    }

    /** @throws ConversationNotFoundException when there is no such conversation */
    @Transactional(propagation = Propagation.MANDATORY)
    public void acquire(long conversationId) {
        jdbc.sql(statement)
                .param("id", conversationId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
    }

    /**
     * Several conversations at once, in one statement, in id order (as the callers that lock them
     * one by one do, so that neither waits on the other while holding what it waits for).
     *
     * @throws ConversationNotFoundException when one of them does not exist
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void acquireAll(SortedSet<Long> conversationIds) {
        if (conversationIds.isEmpty()) {
            return;
        }
        List<Long> locked = jdbc.sql(several).param("ids", conversationIds).query(Long.class).list();
        if (locked.size() < conversationIds.size()) {
            conversationIds.stream().filter(id -> !locked.contains(id)).findFirst().ifPresent(missing -> {
                throw new ConversationNotFoundException(missing);
            });
        }
    }
}
