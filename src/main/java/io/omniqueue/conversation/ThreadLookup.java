package io.omniqueue.conversation;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What connectors that thread by reference (mail) need to know of stored conversations: which
 * thread a message id belongs to, and the mail ids of a conversation for a reply's headers.
 */
@Component
public class ThreadLookup {

    private final JdbcClient jdbc;

    ThreadLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The thread of the conversation holding this message of this channel. */
    public Optional<String> threadOfMessage(String channelId, String externalMessageId) {
        return jdbc.sql("""
                select c.external_thread_id from message m join conversation c on c.id = m.conversation_id
                where m.channel_id = :channel and m.external_message_id = :external""")
                .param("channel", channelId)
                .param("external", externalMessageId)
                .query(String.class)
                .optional();
    }

    /** The thread of a conversation of this channel, by its id (the token our outgoing mail carries). */
    public Optional<String> threadOfConversation(String channelId, long conversationId) {
        return jdbc.sql("select external_thread_id from conversation where id = :id and channel_id = :channel")
                .param("id", conversationId)
                .param("channel", channelId)
                .query(String.class)
                .optional();
    }

    /** The conversation's message ids in the order they were sent, for In-Reply-To and References. */
    public java.util.List<MessageRef> messageRefs(long conversationId) {
        return jdbc.sql("""
                select external_message_id, direction, author_role from message where conversation_id = :id
                order by sent_at, id""")
                .param("id", conversationId)
                .query((rs, n) -> new MessageRef(rs.getString("external_message_id"),
                        Direction.valueOf(rs.getString("direction")), AuthorRole.valueOf(rs.getString("author_role"))))
                .list();
    }

    /** The channel and the source's thread of a conversation, or empty when there is no such conversation. */
    public Optional<ConversationRef> ref(long conversationId) {
        return jdbc.sql("select channel_id, external_thread_id from conversation where id = :id")
                .param("id", conversationId)
                .query((rs, n) -> new ConversationRef(rs.getString("channel_id"), rs.getString("external_thread_id")))
                .optional();
    }

    /** The address and name replies go to, and the subject, of a conversation. */
    public Optional<Recipient> recipient(long conversationId) {
        return jdbc.sql("select customer_email, customer_name, subject, external_thread_id from conversation where id = :id")
                .param("id", conversationId)
                .query((rs, n) -> new Recipient(rs.getString("customer_email"), rs.getString("customer_name"),
                        rs.getString("subject"), rs.getString("external_thread_id")))
                .optional();
    }

    public record MessageRef(String externalMessageId, Direction direction, AuthorRole role) {
    }

    public record ConversationRef(String channelId, String externalThreadId) {
    }

    public record Recipient(String email, String name, String subject, String externalThreadId) {
    }
}
