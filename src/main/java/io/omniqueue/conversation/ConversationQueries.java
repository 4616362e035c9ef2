package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Read side of the queue: open work ordered by the time left. */
@Service
public class ConversationQueries {

    static final String COLUMNS = """
            c.id, c.channel_id, c.marketplace, c.status, c.subject, c.customer_name, c.order_id, c.last_message_at,
            c.clock_started_at, c.contract_due_at, c.internal_due_at, c.due_at, c.no_reply_by, c.no_reply_reason,
            c.no_reply_at, c.assignee, c.language, c.topic, c.last_topic, c.topic_corrected_by, c.topic_corrected_at,
            (select cc.customer_id from customer_conversation cc where cc.conversation_id = c.id) as customer_id""";

    private final JdbcClient jdbc;
    private final ConversationEvents events;

    ConversationQueries(JdbcClient jdbc, ConversationEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public QueuePage page(ConversationStatus status, String channelId, String marketplace, int limit, String after) {
        return page(status, channelId, marketplace, AssigneeFilter.ANYONE, limit, after);
    }

    /**
     * @param status only this status, or null for all
     * @param channelId only this channel, or null for all
     * @param marketplace only this marketplace ({@code amazon.es}), or null for all
     * @param assignee whose conversations: anyone's, nobody's or one agent's
     * @param after cursor from a previous page, or null for the first
     */
    public QueuePage page(ConversationStatus status, String channelId, String marketplace, AssigneeFilter assignee, int limit,
                          String after) {
        return page(status, channelId, marketplace, assignee, null, InsightFilter.ANY, limit, after);
    }

    /** The same, only the conversations of this customer when {@code customerId} is not null. */
    public QueuePage page(ConversationStatus status, String channelId, String marketplace, AssigneeFilter assignee,
                          Long customerId, int limit, String after) {
        return page(status, channelId, marketplace, assignee, customerId, InsightFilter.ANY, limit, after);
    }

    /** @param insight only conversations in this language and/or with this topic */
    public QueuePage page(ConversationStatus status, String channelId, String marketplace, AssigneeFilter assignee,
                          InsightFilter insight, int limit, String after) {
        return page(status, channelId, marketplace, assignee, null, insight, limit, after);
    }

    /**
     * @param customerId only this customer's conversations, when not null
     * @param insight only conversations in this language and/or with this topic
     */
    public QueuePage page(ConversationStatus status, String channelId, String marketplace, AssigneeFilter assignee,
                          Long customerId, InsightFilter insight, int limit, String after) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from conversation c where 1 = 1");
        var params = new java.util.LinkedHashMap<String, Object>();
        if (status != null) {
            sql.append(" and c.status = :status");
            params.put("status", status.name());
        }
        if (channelId != null) {
            sql.append(" and c.channel_id = :channel");
            params.put("channel", channelId);
        }
        if (marketplace != null) {
            // Served by ix_conversation_marketplace_queue (marketplace, status, due_at, id).
            sql.append(" and c.marketplace = :marketplace");
            params.put("marketplace", marketplace);
        }
        if (assignee.nobody()) {
            sql.append(" and c.assignee is null");
        } else if (assignee.agent() != null) {
            // Served by ix_conversation_assignee_queue (assignee, status, due_at, id).
            sql.append(" and c.assignee = :assignee");
            params.put("assignee", assignee.agent());
        }
        if (customerId != null) {
            // The customer feature owns the link (TableOwnershipTest.READERS): served by its index (customer_id, conversation_id).
            sql.append(" and c.id in (select cc.conversation_id from customer_conversation cc where cc.customer_id = :customer)");
            params.put("customer", customerId);
        }
        if (insight.language() != null) {
            // Served by ix_conversation_language_queue (language, status, due_at, id).
            sql.append(" and c.language = :language");
            params.put("language", insight.language());
        }
        if (insight.topic() != null) {
            // Served by ix_conversation_topic_queue (topic, status, due_at, id).
            sql.append(" and c.topic = :topic");
            params.put("topic", insight.topic().key());
        }
        QueueCursor cursor = after == null ? null : QueueCursor.decode(after);
        List<ConversationView> rows = new ArrayList<>();
        if (cursor == null || cursor.dueAt() != null) {
            // The dated part of the queue, from the cursor on: "due_at >= :afterDue" starts the index
            // range at the cursor (an OR with the undated rows would make the database walk it from
            // the start and drop every row before the cursor, 17x slower 200 pages deep).
            StringBuilder dated = new StringBuilder(sql).append(" and c.due_at is not null");
            var datedParams = new java.util.LinkedHashMap<>(params);
            if (cursor != null) {
                dated.append(" and c.due_at >= :afterDue and (c.due_at > :afterDue or c.id > :afterId)");
                datedParams.put("afterDue", SqlTime.param(cursor.dueAt()));
                datedParams.put("afterId", cursor.id());
            }
            rows.addAll(rows(dated.append(" order by c.due_at asc, c.id asc limit :limit"), datedParams, limit + 1));
        }
        if (rows.size() <= limit) {
            // Then the undated ones (clock stopped), by id: all of them, or those after the cursor.
            StringBuilder undated = new StringBuilder(sql).append(" and c.due_at is null");
            var undatedParams = new java.util.LinkedHashMap<>(params);
            if (cursor != null && cursor.dueAt() == null) {
                undated.append(" and c.id > :afterId");
                undatedParams.put("afterId", cursor.id());
            }
            rows.addAll(rows(undated.append(" order by c.id asc limit :limit"), undatedParams, limit + 1 - rows.size()));
        }
        String next = null;
        if (rows.size() > limit) {
            rows.remove(limit);
            ConversationView last = rows.get(limit - 1);
            next = new QueueCursor(last.dueAt(), last.id()).encode();
        }
        return new QueuePage(rows, next);
    }

    private List<ConversationView> rows(CharSequence sql, Map<String, Object> params, int limit) {
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(ConversationQueries::row).list();
    }

    public Optional<ConversationView> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from conversation c where c.id = :id")
                .param("id", id)
                .query(ConversationQueries::row)
                .optional()
                .map(c -> c.withDetail(messages(id), events.of(id)));
    }

    /** The conversations with these ids, without their messages, in no particular order; unknown ids are left out. */
    public List<ConversationView> summaries(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from conversation c where c.id in (:ids)")
                .param("ids", ids)
                .query(ConversationQueries::row)
                .list();
    }

    /**
     * Open, at-risk (due within {@code atRiskUntil}) and breached counts of the conversations
     * waiting for a reply, per marketplace, for the top of the inbox's queue.
     */
    public List<MarketplaceCounts> marketplaceCounts(java.time.Instant now, java.time.Instant atRiskUntil) {
        // Served by ix_conversation_status_queue (status, due_at, id).
        return jdbc.sql("""
                select marketplace, count(*) as open_count,
                    sum(case when due_at >= :now and due_at <= :until then 1 else 0 end) as at_risk,
                    sum(case when due_at < :now then 1 else 0 end) as breached
                from conversation where status = 'NEEDS_REPLY' group by marketplace order by marketplace""")
                .param("now", SqlTime.param(now))
                .param("until", SqlTime.param(atRiskUntil))
                .query((rs, n) -> new MarketplaceCounts(rs.getString("marketplace"), rs.getLong("open_count"),
                        rs.getLong("at_risk"), rs.getLong("breached")))
                .list();
    }

    /**
     * What the conversation page shows beyond the API's view: the policy key, the message that
     * started the running clock, and the sanitized HTML of mail messages.
     */
    public Optional<ConversationDetails> details(long id) {
        // A list, not optional(): the row's sla_policy is null for most conversations.
        List<String> policy = jdbc.sql("select sla_policy from conversation where id = :id")
                .param("id", id).query((rs, n) -> rs.getString("sla_policy")).list();
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        // The clock runs from the oldest unanswered customer message: the one whose start is the conversation's.
        Long clockMessage = jdbc.sql("""
                select m.id from message m join conversation c on c.id = m.conversation_id
                where m.conversation_id = :id and m.starts_clock and c.clock_started_at is not null
                  and coalesce(m.clock_start_at, m.sent_at) = c.clock_started_at
                order by m.sent_at, m.id limit 1""")
                .param("id", id).query(Long.class).optional().orElse(null);
        Map<Long, String> html = new HashMap<>();
        Map<Long, Long> replies = new HashMap<>();
        jdbc.sql("""
                select id, html_body, reply_id from message
                where conversation_id = :id and (html_body is not null or reply_id is not null)""")
                .param("id", id)
                .query(rs -> {
                    if (rs.getString("html_body") != null) {
                        html.put(rs.getLong("id"), rs.getString("html_body"));
                    }
                    Long reply = rs.getObject("reply_id", Long.class);
                    if (reply != null) {
                        replies.put(rs.getLong("id"), reply);
                    }
                });
        return Optional.of(new ConversationDetails(policy.get(0), clockMessage, Map.copyOf(html), Map.copyOf(replies)));
    }

    /**
     * The messages of the conversation stored after this one of it that someone other than
     * {@code author} wrote: customer messages, and shop messages (replies of other agents, or
     * answers given at the source) that reached or may still reach the customer. Read in the
     * caller's transaction, after it took the {@link ConversationLock}, so no writer slips in between.
     *
     * @return empty when nothing new; null when the message is not one of this conversation's
     */
    public List<MessageView> newerThan(long conversationId, long messageId, String author) {
        boolean known = jdbc.sql("select count(*) from message where id = :m and conversation_id = :c")
                .param("m", messageId).param("c", conversationId).query(Long.class).single() > 0;
        if (!known) {
            return null;
        }
        java.util.Set<Long> newer = new java.util.HashSet<>(jdbc.sql("""
                select id from message
                where conversation_id = :c and id > :m and undelivered = false
                  and (direction = 'INBOUND' or author is null or author <> :author)""")
                .param("c", conversationId).param("m", messageId).param("author", author == null ? "" : author)
                .query(Long.class).list());
        return newer.isEmpty() ? List.of() : messages(conversationId).stream().filter(m -> newer.contains(m.id())).toList();
    }

    /** The messages in order with their files: one statement (a message with files comes once per file). */
    private List<MessageView> messages(long conversationId) {
        Map<Long, MessageView> messages = new java.util.LinkedHashMap<>();
        Map<Long, List<MessageView.AttachmentView>> files = new HashMap<>();
        jdbc.sql("""
                select m.id, m.direction, m.author_role, m.author, m.body, m.sent_at,
                       a.id as attachment_id, a.name, a.size_bytes, a.content_type
                from message m left join attachment a on a.message_id = m.id
                where m.conversation_id = :id order by m.sent_at, m.id, a.id""")
                .param("id", conversationId)
                .query(rs -> {
                    long id = rs.getLong("id");
                    if (!messages.containsKey(id)) {
                        messages.put(id, new MessageView(id, Direction.valueOf(rs.getString("direction")),
                                AuthorRole.valueOf(rs.getString("author_role")), rs.getString("author"), rs.getString("body"),
                                SqlTime.read(rs, "sent_at"), List.of()));
                    }
                    Long attachment = rs.getObject("attachment_id", Long.class);
                    if (attachment != null) {
                        files.computeIfAbsent(id, k -> new ArrayList<>()).add(new MessageView.AttachmentView(attachment,
                                rs.getString("name"), rs.getObject("size_bytes", Long.class), rs.getString("content_type")));
                    }
                });
        return messages.values().stream()
                .map(m -> files.containsKey(m.id()) ? new MessageView(m.id(), m.direction(), m.authorRole(), m.author(), m.body(), m.sentAt(),
                        List.copyOf(files.get(m.id()))) : m)
                .toList();
    }

    static ConversationView row(ResultSet rs, int n) throws SQLException {
        String noReplyBy = rs.getString("no_reply_by");
        String correctedBy = rs.getString("topic_corrected_by");
        return new ConversationView(rs.getLong("id"), rs.getString("channel_id"), rs.getString("marketplace"),
                ConversationStatus.valueOf(rs.getString("status")), rs.getString("subject"), rs.getString("customer_name"),
                rs.getString("order_id"), SqlTime.read(rs, "last_message_at"), SqlTime.read(rs, "clock_started_at"),
                SqlTime.read(rs, "contract_due_at"), SqlTime.read(rs, "internal_due_at"), SqlTime.read(rs, "due_at"),
                noReplyBy == null ? null : new ConversationView.NoReplyNeeded(noReplyBy, rs.getString("no_reply_reason"),
                        SqlTime.read(rs, "no_reply_at")),
                rs.getString("assignee"), rs.getObject("customer_id", Long.class), null, null, rs.getString("language"),
                rs.getString("topic"),
                correctedBy == null ? null : new ConversationView.TopicCorrection(correctedBy, SqlTime.read(rs, "topic_corrected_at")),
                ConversationStatus.NEEDS_REPLY.name().equals(rs.getString("status"))
                        && io.omniqueue.insight.Topic.THANKS.key().equals(rs.getString("last_topic")));
    }
}
