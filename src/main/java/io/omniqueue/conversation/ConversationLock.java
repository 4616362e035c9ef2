package io.omniqueue.conversation;

import io.omniqueue.platform.RowLocks;
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

    ConversationLock(JdbcClient jdbc, RowLocks locks) {
        this.jdbc = jdbc;
        this.statement = "select id from conversation where id = :id " + locks.forUpdate();
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
}
