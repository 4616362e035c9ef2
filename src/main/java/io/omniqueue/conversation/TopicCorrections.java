package io.omniqueue.conversation;

import io.omniqueue.insight.Topic;
import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An agent's correction of a conversation's reason for writing. Every correction is kept (who,
 * when, from what) and the latest is the conversation's topic from then on: later messages no
 * longer change it, so the report and the queue count what the agent said.
 */
@Service
public class TopicCorrections {

    private final JdbcClient jdbc;
    private final ConversationLock lock;
    private final ConversationEvents events;
    private final Clock clock;
    private final List<ConversationListener> listeners;

    TopicCorrections(JdbcClient jdbc, ConversationLock lock, ConversationEvents events, Clock clock,
                     List<ConversationListener> listeners) {
        this.jdbc = jdbc;
        this.lock = lock;
        this.events = events;
        this.clock = clock;
        this.listeners = listeners;
    }

    /** @throws ConversationNotFoundException when there is no such conversation */
    @Transactional
    public void correct(long conversationId, Topic topic, String by) {
        lock.acquire(conversationId);
        String previous = jdbc.sql("select topic from conversation where id = :id")
                .param("id", conversationId).query((rs, n) -> rs.getString("topic")).single();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into topic_correction (conversation_id, topic, previous_topic, corrected_by, corrected_at)
                values (:conversation, :topic, :previous, :by, :at)""")
                .param("conversation", conversationId)
                .param("topic", topic.key())
                .param("previous", previous)
                .param("by", by)
                .param("at", SqlTime.param(now))
                .update();
        jdbc.sql("update conversation set topic = :topic, topic_corrected_by = :by, topic_corrected_at = :at where id = :id")
                .param("topic", topic.key())
                .param("by", by)
                .param("at", SqlTime.param(now))
                .param("id", conversationId)
                .update();
        events.record(conversationId, ConversationEventKind.TOPIC_CORRECTED, by,
                (previous == null ? Topic.OTHER.key() : previous) + " → " + topic.key());
        listeners.forEach(listener -> listener.changed(conversationId));
    }
}
