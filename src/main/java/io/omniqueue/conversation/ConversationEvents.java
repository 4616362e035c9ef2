package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail of conversations: who did what and when. An event is written in the
 * transaction of the change it records, so the trail never tells of a change that was rolled
 * back, nor misses one that was committed.
 */
@Component
public class ConversationEvents {

    /** The actor of what the service does on its own: deliveries, clocks. */
    public static final String SYSTEM = "omniqueue";

    static final int MAX_ACTOR = 200;
    static final int MAX_DETAIL = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;

    ConversationEvents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an event in the caller's transaction (which should hold the {@link ConversationLock}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long conversationId, ConversationEventKind kind, String actor, String detail) {
        jdbc.sql("""
                insert into conversation_event (conversation_id, at, actor, kind, detail)
                values (:conversation, :at, :actor, :kind, :detail)""")
                .param("conversation", conversationId)
                .param("at", SqlTime.param(clock.instant()))
                .param("actor", cut(actor, MAX_ACTOR))
                .param("kind", kind.name())
                .param("detail", cut(detail, MAX_DETAIL))
                .update();
    }

    /** The conversation's trail, oldest first (in the order the events were written). */
    public List<ConversationEvent> of(long conversationId) {
        return jdbc.sql("select id, at, actor, kind, detail from conversation_event where conversation_id = :id order by id")
                .param("id", conversationId)
                .query((rs, n) -> new ConversationEvent(rs.getLong("id"), SqlTime.read(rs, "at"), rs.getString("actor"),
                        ConversationEventKind.valueOf(rs.getString("kind")), rs.getString("detail")))
                .list();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
