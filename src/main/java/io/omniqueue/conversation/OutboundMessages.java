package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's replies as messages of their conversation. The outbox owns the reply; the thread
 * (the message rows) is this feature's, so the outbox asks here. Each call runs in the caller's
 * transaction, after it locked the conversation ({@link ConversationLock}).
 */
@Component
public class OutboundMessages {

    /** The placeholder id of a reply's message until the destination gives it one. */
    public static final String PENDING_ID_PREFIX = "omniqueue-reply-";

    private final JdbcClient jdbc;
    private final List<ConversationListener> listeners;

    OutboundMessages(JdbcClient jdbc, List<ConversationListener> listeners) {
        this.jdbc = jdbc;
        this.listeners = listeners;
    }

    /** A delivered reply's message and the id its destination gave it ({@link #adoptExternalIds}). */
    public record Adoption(long replyId, long conversationId, String channelId, String externalId) {
    }

    /** The accepted reply shows in the thread at once and stops the clock. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void addReply(long replyId, long conversationId, String channelId, String body, String author, Instant now) {
        jdbc.sql("""
                insert into message (conversation_id, channel_id, external_message_id, direction, author_role, author,
                                     body, sent_at, received_at, starts_clock, reply_id)
                values (:c, :channel, :external, 'OUTBOUND', 'SHOP', :author, :body, :now, :now, false, :reply)""")
                .param("c", conversationId)
                .param("channel", channelId)
                .param("external", PENDING_ID_PREFIX + replyId)
                .param("author", author)
                .param("body", body)
                .param("now", SqlTime.param(now))
                .param("reply", replyId)
                .update();
        changed(conversationId);
    }

    /**
     * Each delivered reply's message takes the destination's id, so that the same message read back by
     * the next poll is recognised as a duplicate. If a poll was faster and stored it already, that copy
     * gives way to ours. Two statements whatever their number: the copies looked for in one, the
     * ids set in the other.
     *
     * @return the conversations where a copy gave way (recompute their clocks)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<Long> adoptExternalIds(List<Adoption> adoptions) {
        if (adoptions.isEmpty()) {
            return Set.of();
        }
        // Only a copy in the reply's own conversation (locked by the caller) gives way: another thread's
        // row is not ours to drop. Usually there is none.
        // One statement, each branch an exact look-up in uk_message_external: an IN list over both of
        // its columns made H2 read the channel's every message, and a read by conversation let it
        // choose ix_message_reply (every message that is not a reply).
        List<Long> copies = new ArrayList<>();
        Set<Long> changedConversations = new HashSet<>();
        StringBuilder sql = new StringBuilder();
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < adoptions.size(); i++) {
            Adoption a = adoptions.get(i);
            sql.append(i == 0 ? "" : " union all ").append("""
                    select id, conversation_id from message
                    where channel_id = :channel%1$d and external_message_id = :external%1$d and reply_id is null
                    and conversation_id = :conversation%1$d""".formatted(i));
            parameters.put("channel" + i, a.channelId());
            parameters.put("external" + i, a.externalId());
            parameters.put("conversation" + i, a.conversationId());
        }
        jdbc.sql(sql.toString()).params(parameters).query(rs -> {
            copies.add(rs.getLong("id"));
            changedConversations.add(rs.getLong("conversation_id"));
        });
        if (!copies.isEmpty()) {
            jdbc.sql("delete from attachment where message_id in (:ids)").param("ids", copies).update();
            jdbc.sql("delete from message where id in (:ids)").param("ids", copies).update();
            // A copy may have been sent at another time than ours: what it answered may change.
            changedConversations.forEach(this::changed);
        }
        // One statement for all: a JDBC batch still has the database run one statement a row.
        StringBuilder update = new StringBuilder("update message set external_message_id = case reply_id");
        Map<String, Object> ids = new HashMap<>();
        List<Long> replies = new ArrayList<>();
        for (int i = 0; i < adoptions.size(); i++) {
            update.append(" when :reply%1$d then :external%1$d".formatted(i));
            ids.put("reply" + i, adoptions.get(i).replyId());
            ids.put("external" + i, adoptions.get(i).externalId());
            replies.add(adoptions.get(i).replyId());
        }
        update.append(" end where reply_id in (:replies)");
        jdbc.sql(update.toString()).params(ids).param("replies", replies).update();
        return changedConversations;
    }

    /**
     * The reply will never reach the customer: its message no longer answers anything, so the
     * clock runs again from where it was (and the report counts the customer message unanswered).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markUndelivered(long replyId) {
        jdbc.sql("update message set undelivered = true where reply_id = :reply")
                .param("reply", replyId)
                .update();
        jdbc.sql("select conversation_id from message where reply_id = :reply")
                .param("reply", replyId)
                .query(Long.class)
                .list().stream().distinct()
                .forEach(this::changed);
    }

    private void changed(long conversationId) {
        listeners.forEach(listener -> listener.changed(conversationId));
    }
}
