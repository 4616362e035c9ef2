package io.omniqueue.conversation;

import io.omniqueue.insight.MessageInsight;
import io.omniqueue.insight.Topic;
import io.omniqueue.platform.RowLocks;
import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Writes of the ingest. Every insert is idempotent through the unique keys of V1__core.sql. */
@Repository
class ConversationStore {

    private final JdbcClient jdbc;
    private final String lockByThread;

    ConversationStore(JdbcClient jdbc, RowLocks locks) {
        this.jdbc = jdbc;
        this.lockByThread = "select id from conversation where channel_id = :channel and external_thread_id = :thread "
                + locks.forUpdate();
    }

    /**
     * The first message of a thread decides its policy and its marketplace, and later messages
     * change neither: a shop mail thread that an Amazon relay message later joins stays the shop's.
     * Its clock was set under the shop's policy, the report has already counted it as the shop's,
     * and Amazon measures only the threads its buyers open; moving it would change past figures.
     *
     * <p>The conversation opens with everything its first message says, so that this message
     * needs no {@link #absorbDetails} after it: the details, the last-message time, and what reading
     * it found ({@code insight}, null for a message nobody reads). The transaction that inserted the
     * row is the only one that sees it until it commits, so it needs no lock on it either.
     *
     * @return the new conversation's id, or empty when the thread's conversation exists already
     */
    Optional<Long> insertConversationIfAbsent(InboundMessage m, String marketplace, MessageInsight insight, Instant now) {
        var keys = new GeneratedKeyHolder();
        int inserted = jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, subject, customer_name, customer_email,
                                          order_id, created_at, last_message_at, sla_policy, marketplace, language, topic,
                                          last_topic)
                values (:channel, :thread, :status, :subject, :name, :email, :orderId, :now, :sentAt, :policy, :marketplace,
                        :language, :topic, :topic)
                on conflict do nothing""")
                .param("policy", m.slaPolicy())
                .param("marketplace", marketplace)
                .param("channel", m.channelId())
                .param("thread", m.externalThreadId())
                .param("status", ConversationStatus.WAITING_CUSTOMER.name())
                .param("subject", m.subject())
                .param("name", m.authorRole() == AuthorRole.CUSTOMER ? m.authorName() : null)
                .param("email", m.authorRole() == AuthorRole.CUSTOMER ? m.authorEmail() : null)
                .param("orderId", m.orderId())
                .param("now", SqlTime.param(now))
                .param("sentAt", SqlTime.param(m.sentAt()))
                .param("language", insight == null ? null : insight.language())
                .param("topic", insight == null ? null : insight.topic().key())
                .update(keys, "id");
        return insertedId(inserted, keys);
    }

    /** The conversation holding this message of this channel. */
    Optional<Long> conversationOfMessage(String channelId, String externalMessageId) {
        return jdbc.sql("select conversation_id from message where channel_id = :channel and external_message_id = :external")
                .param("channel", channelId)
                .param("external", externalMessageId)
                .query(Long.class)
                .optional();
    }

    /** Locks the conversation row: concurrent ingests of one thread take turns, other threads don't wait. */
    Optional<Long> lockConversation(String channelId, String threadId) {
        return jdbc.sql(lockByThread)
                .param("channel", channelId)
                .param("thread", threadId)
                .query(Long.class)
                .optional();
    }

    /**
     * Stores the message with what reading it found (null for a message nobody reads), in one statement
     * that also hands back its id.
     *
     * @return the new message id, or empty when this (channel, external id) is already stored
     */
    Optional<Long> insertMessageIfAbsent(long conversationId, InboundMessage m, MessageInsight insight, Instant now) {
        var keys = new GeneratedKeyHolder();
        int rows = jdbc.sql("""
                insert into message (conversation_id, channel_id, external_message_id, direction, author_role, author,
                                     body, html_body, sent_at, received_at, starts_clock, clock_start_at,
                                     language, language_confidence, topic, topic_score)
                values (:conversation, :channel, :external, :direction, :role, :author, :body, :html, :sentAt, :now,
                        :startsClock, :waitingSince, :language, :confidence, :topic, :score)
                on conflict do nothing""")
                .param("html", m.htmlBody())
                .param("conversation", conversationId)
                .param("channel", m.channelId())
                .param("external", m.externalMessageId())
                .param("direction", m.direction().name())
                .param("role", m.authorRole().name())
                .param("author", m.authorName() != null ? m.authorName() : m.authorEmail())
                .param("body", m.body())
                .param("sentAt", SqlTime.param(m.sentAt()))
                .param("now", SqlTime.param(now))
                .param("startsClock", m.direction() == Direction.INBOUND && m.needsReply())
                .param("waitingSince", SqlTime.param(m.waitingSince()))
                .param("language", insight == null ? null : insight.language())
                .param("confidence", insight == null || insight.language() == null ? null : insight.languageConfidence())
                .param("topic", insight == null ? null : insight.topic().key())
                .param("score", insight == null ? null : insight.topicScore())
                .update(keys, "id");
        Optional<Long> inserted = insertedId(rows, keys);
        if (inserted.isEmpty()) {
            return inserted;
        }
        long messageId = inserted.get();
        for (InboundAttachment a : m.attachments()) {
            jdbc.sql("""
                    insert into attachment (message_id, channel_id, external_attachment_id, name, size_bytes, content_type,
                                            content, stored)
                    values (:message, :channel, :external, :name, :size, :type, :content, :stored)
                    on conflict do nothing""")
                    .param("content", a.content())
                    .param("stored", a.content() != null)
                    .param("message", messageId)
                    .param("channel", m.channelId())
                    .param("external", a.externalId())
                    .param("name", a.name())
                    .param("size", a.sizeBytes())
                    .param("type", a.contentType())
                    .update();
        }
        return Optional.of(messageId);
    }

    /** The id an insert ... on conflict do nothing handed back, or empty when it inserted nothing. */
    private static Optional<Long> insertedId(int rows, GeneratedKeyHolder keys) {
        return rows == 0 ? Optional.empty() : Optional.of(((Number) keys.getKeyList().get(0).get("id")).longValue());
    }

    /**
     * Fills what the first message may not have said (the subject, the customer), moves the last-message
     * time and keeps what reading a customer message found ({@code insight}, null for a message nobody
     * reads), in one update of the conversation row: the conversation takes a confident language (or a
     * first guess while it has none), and a topic the classifier chose (or its first message's "thanks"
     * or "other") unless an agent corrected it.
     */
    void absorbDetails(long conversationId, InboundMessage m, MessageInsight insight) {
        boolean fromCustomer = m.authorRole() == AuthorRole.CUSTOMER;
        String details = """
                subject = coalesce(subject, :subject),
                customer_name = coalesce(customer_name, :name),
                customer_email = coalesce(customer_email, :email),
                order_id = coalesce(order_id, :orderId),
                last_message_at = case when last_message_at is null or last_message_at < :sentAt
                                       then :sentAt else last_message_at end""";
        String reading = insight == null ? "" : """
                ,
                language = case when :hasLanguage and (:confident or language is null)
                                then cast(:language as varchar(8)) else language end,
                topic = case when topic_corrected_at is not null then topic
                             when :chosen or topic is null then cast(:topic as varchar(30)) else topic end,
                last_topic = :topic""";
        var update = jdbc.sql("update conversation set " + details + reading + " where id = :id")
                .param("subject", m.subject())
                .param("name", fromCustomer ? m.authorName() : null)
                .param("email", fromCustomer ? m.authorEmail() : null)
                .param("orderId", m.orderId())
                .param("sentAt", SqlTime.param(m.sentAt()))
                .param("id", conversationId);
        if (insight != null) {
            update = update.param("language", insight.language())
                    .param("hasLanguage", insight.language() != null)
                    .param("confident", insight.languageConfident())
                    .param("chosen", insight.topic() != Topic.OTHER && insight.topic() != Topic.THANKS)
                    .param("topic", insight.topic().key());
        }
        update.update();
    }
}
