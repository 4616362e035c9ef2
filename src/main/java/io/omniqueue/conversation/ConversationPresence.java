package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who is on a conversation right now, across nodes: short leases in the database that an open
 * page renews. A heartbeat takes no {@link ConversationLock}: it changes nothing of the
 * conversation, holds no other lock while it waits, and must not queue behind a writer every few seconds.
 */
@Component
public class ConversationPresence {

    /** How long a heartbeat counts; pages renew well within it. */
    public static final Duration LEASE = Duration.ofSeconds(15);

    private final JdbcClient jdbc;
    private final Clock clock;

    ConversationPresence(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Renews the agent's lease on the conversation.
     *
     * @return everyone on it now, the agent included
     * @throws ConversationNotFoundException when there is no such conversation
     */
    public List<Presence> beat(long conversationId, String agent, boolean typing) {
        Instant now = clock.instant();
        boolean exists = jdbc.sql("select count(*) from conversation where id = :id").param("id", conversationId)
                .query(Long.class).single() > 0;
        if (!exists) {
            throw new ConversationNotFoundException(conversationId);
        }
        jdbc.sql("delete from conversation_presence where conversation_id = :c and expires_at <= :now")
                .param("c", conversationId).param("now", SqlTime.param(now)).update();
        // Portable upsert: update, else insert; a concurrent insert of the same key makes the update win next time.
        if (renew(conversationId, agent, typing, now) == 0) {
            int inserted = jdbc.sql("""
                    insert into conversation_presence (conversation_id, agent, typing, expires_at)
                    values (:c, :agent, :typing, :until) on conflict do nothing""")
                    .param("c", conversationId).param("agent", agent).param("typing", typing)
                    .param("until", SqlTime.param(now.plus(LEASE))).update();
            if (inserted == 0) {
                renew(conversationId, agent, typing, now);
            }
        }
        return here(conversationId);
    }

    private int renew(long conversationId, String agent, boolean typing, Instant now) {
        return jdbc.sql("update conversation_presence set typing = :typing, expires_at = :until where conversation_id = :c and agent = :agent")
                .param("c", conversationId).param("agent", agent).param("typing", typing)
                .param("until", SqlTime.param(now.plus(LEASE))).update();
    }

    /** Who is on the conversation now, by name. */
    public List<Presence> here(long conversationId) {
        return here(List.of(conversationId)).getOrDefault(conversationId, List.of());
    }

    /** Who is on each of these conversations now (the queue's rows). */
    public Map<Long, List<Presence>> here(Collection<Long> conversationIds) {
        Map<Long, List<Presence>> here = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return here;
        }
        jdbc.sql("""
                select conversation_id, agent, typing, expires_at from conversation_presence
                where conversation_id in (:ids) and expires_at > :now order by agent""")
                .param("ids", conversationIds).param("now", SqlTime.param(clock.instant()))
                .query(rs -> {
                    here.computeIfAbsent(rs.getLong("conversation_id"), k -> new ArrayList<>())
                            .add(new Presence(rs.getString("agent"), rs.getBoolean("typing"), SqlTime.read(rs, "expires_at")));
                });
        return here;
    }
}
