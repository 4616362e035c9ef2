package io.omniqueue.conversation;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conversations that no customer holds yet: those stored before customers existed. Read so that
 * the customer feature can link them from what the conversation row kept of its customer.
 */
@Component
public class CustomerlessConversations {

    private final JdbcClient jdbc;

    CustomerlessConversations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next {@code limit} of them after the id {@code afterId}, in id order (not erased ones). */
    public List<Customerless> after(long afterId, int limit) {
        return jdbc.sql("""
                select c.id, c.channel_id, c.customer_name, c.customer_email, c.order_id, c.created_at from conversation c
                where c.id > :after and c.erased_at is null
                  and not exists (select 1 from customer_conversation cc where cc.conversation_id = c.id)
                order by c.id limit :limit""")
                .param("after", afterId).param("limit", limit)
                .query((rs, n) -> new Customerless(rs.getLong("id"), rs.getString("channel_id"), rs.getString("customer_name"),
                        rs.getString("customer_email"), rs.getString("order_id"),
                        io.omniqueue.platform.SqlTime.read(rs, "created_at")))
                .list();
    }

    /** What a conversation row says of its customer. */
    public record Customerless(long conversationId, String channelId, String customerName, String customerEmail,
                               String orderId, java.time.Instant createdAt) {
    }
}
