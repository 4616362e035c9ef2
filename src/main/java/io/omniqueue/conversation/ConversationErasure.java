package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erases the personal data of a conversation (GDPR): the customer's name and address, the subject,
 * the order, every message body and HTML, the customer's author names and the files. What the
 * SLA report and the gauges count stays: states, times, directions, the clock. The thread key is
 * replaced too (an Amazon relay thread's key holds the buyer's alias and order), so a later message
 * of the same source thread opens a new conversation instead of joining erased history.
 */
@Component
public class ConversationErasure {

    /** The thread key an erased conversation gets: unique, and saying nothing about anyone. */
    static final String ERASED_THREAD_PREFIX = "erased-";

    private final JdbcClient jdbc;
    private final ConversationLock lock;
    private final Clock clock;

    ConversationErasure(JdbcClient jdbc, ConversationLock lock, Clock clock) {
        this.jdbc = jdbc;
        this.lock = lock;
        this.clock = clock;
    }

    /** In the caller's transaction; locks the conversation first. Erasing twice erases nothing more. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Erased erase(long conversationId) {
        lock.acquire(conversationId);
        int messages = jdbc.sql("select count(*) from message where conversation_id = :c")
                .param("c", conversationId).query(Integer.class).single();
        int attachments = jdbc.sql("delete from attachment where message_id in (select id from message where conversation_id = :c)")
                .param("c", conversationId).update();
        jdbc.sql("""
                update message set body = null, html_body = null,
                    author = case when author_role = 'CUSTOMER' then null else author end
                where conversation_id = :c""")
                .param("c", conversationId).update();
        jdbc.sql("update conversation_event set detail = null where conversation_id = :c")
                .param("c", conversationId).update();
        jdbc.sql("""
                update conversation set subject = null, customer_name = null, customer_email = null, order_id = null,
                    no_reply_reason = null, external_thread_id = :erasedKey, erased_at = coalesce(erased_at, :now)
                where id = :c""")
                .param("erasedKey", ERASED_THREAD_PREFIX + conversationId)
                .param("now", SqlTime.param(clock.instant()))
                .param("c", conversationId).update();
        return new Erased(conversationId, messages, attachments);
    }

    /** The marketplaces that have conversations not yet erased and no longer waiting for a reply. */
    public List<String> marketplacesWithClosedConversations() {
        return jdbc.sql("select distinct marketplace from conversation where erased_at is null and status <> 'NEEDS_REPLY'")
                .query(String.class).list();
    }

    /**
     * Conversations of this marketplace no longer waiting for a reply, not yet erased, whose last
     * message is older than {@code before}; oldest activity first.
     */
    public List<Long> idleBefore(String marketplace, Instant before, int limit) {
        return jdbc.sql("""
                select id from conversation
                where marketplace = :marketplace and erased_at is null and status <> 'NEEDS_REPLY' and last_message_at < :before
                order by last_message_at, id limit :limit""")
                .param("marketplace", marketplace)
                .param("before", SqlTime.param(before))
                .param("limit", limit)
                .query(Long.class).list();
    }

    /**
     * Whether the conversation is still what {@link #idleBefore} chose: not erased, not waiting for a
     * reply, last message older than {@code before}. Asked under the conversation's lock.
     */
    public boolean idleSince(long conversationId, Instant before) {
        return jdbc.sql("""
                select count(*) from conversation
                where id = :c and erased_at is null and status <> 'NEEDS_REPLY' and last_message_at < :before""")
                .param("c", conversationId).param("before", SqlTime.param(before)).query(Integer.class).single() > 0;
    }

    /** Whether the conversation's personal data is already erased. */
    public boolean isErased(long conversationId) {
        return jdbc.sql("select count(*) from conversation where id = :c and erased_at is not null")
                .param("c", conversationId).query(Integer.class).single() > 0;
    }

    /** What one erasure removed, counted (the counts are all that the log keeps). */
    public record Erased(long conversationId, int messages, int attachments) {
    }
}
