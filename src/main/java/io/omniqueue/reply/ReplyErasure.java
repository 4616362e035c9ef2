package io.omniqueue.reply;

import io.omniqueue.conversation.ClockRecalculator;
import io.omniqueue.conversation.OutboundMessages;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbox's part of erasing a customer's data: the replies' texts and files go, and a reply
 * still waiting is cancelled, because sending it would hand the erased customer's data to the
 * source after they asked us to forget it. A cancelled reply never reached the customer, so its
 * message is marked undelivered like a failed one (the clock and the report count it unanswered).
 * A reply being sent at this very moment by another node keeps its claim; its outcome can no
 * longer be recorded (the row is no longer PENDING), which is what we want.
 */
@Component
public class ReplyErasure {

    static final String CANCELLED_REASON = "cancelled: the customer's data was erased";

    private final JdbcClient jdbc;
    private final OutboundMessages messages;
    private final ClockRecalculator clocks;

    ReplyErasure(JdbcClient jdbc, OutboundMessages messages, ClockRecalculator clocks) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.clocks = clocks;
    }

    /**
     * In the caller's transaction, after it locked the conversation ({@code ConversationLock}).
     *
     * @return how many waiting replies were cancelled
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int erase(long conversationId) {
        List<Long> pending = jdbc.sql("select id from reply where conversation_id = :c and status = 'PENDING' order by id")
                .param("c", conversationId).query(Long.class).list();
        if (!pending.isEmpty()) {
            jdbc.sql("update reply set status = 'CANCELLED', last_error = :reason where id in (:ids) and status = 'PENDING'")
                    .param("reason", CANCELLED_REASON).param("ids", pending).update();
            pending.forEach(messages::markUndelivered);
            clocks.recompute(conversationId);
        }
        jdbc.sql("delete from reply_attachment where reply_id in (select id from reply where conversation_id = :c)")
                .param("c", conversationId).update();
        jdbc.sql("update reply set body = '' where conversation_id = :c").param("c", conversationId).update();
        return pending.size();
    }
}
