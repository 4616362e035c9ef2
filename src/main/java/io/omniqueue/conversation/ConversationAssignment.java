package io.omniqueue.conversation;

import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who owns a conversation: take it, give it to another agent, or leave it to nobody. */
@Service
public class ConversationAssignment {

    /** conversation.assignee is varchar(100). */
    public static final int MAX_AGENT_LENGTH = 100;

    private final JdbcClient jdbc;
    private final ConversationLock lock;
    private final ConversationEvents events;

    ConversationAssignment(JdbcClient jdbc, ConversationLock lock, ConversationEvents events) {
        this.jdbc = jdbc;
        this.lock = lock;
        this.events = events;
    }

    /**
     * @param agent the new assignee, or null for nobody; {@code agent.equals(by)} is "taken"
     * @param by who does it, as recorded in the trail
     * @throws ConversationNotFoundException when there is no such conversation
     */
    @Transactional
    public void assign(long conversationId, String agent, String by) {
        lock.acquire(conversationId);
        // A list, not single(): the value is null while nobody owns it.
        String before = jdbc.sql("select assignee from conversation where id = :id")
                .param("id", conversationId)
                .query((rs, n) -> rs.getString("assignee"))
                .list().get(0);
        if (Objects.equals(before, agent)) {
            return;
        }
        jdbc.sql("update conversation set assignee = :agent where id = :id")
                .param("agent", agent)
                .param("id", conversationId)
                .update();
        if (agent == null) {
            events.record(conversationId, ConversationEventKind.UNASSIGNED, by, "was " + before);
        } else if (agent.equals(by)) {
            events.record(conversationId, ConversationEventKind.TAKEN, by, before == null ? null : "from " + before);
        } else {
            events.record(conversationId, ConversationEventKind.ASSIGNED, by,
                    "to " + agent + (before == null ? "" : " (was " + before + ")"));
        }
    }
}
