package io.omniqueue.reply;

import io.omniqueue.platform.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.omniqueue.channel.OutgoingReply;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ReplyStore {

    private static final String COLUMNS = """
            id, conversation_id, status, attempts, last_error, external_message_id, next_attempt_at, created_at, sent_at""";

    /**
     * A close waits for the replies accepted before it in its conversation: the agent who answers and
     * closes at once wants the answer delivered first (Octopia refuses to close an unanswered discussion).
     */
    private static final String CLOSE_AFTER_EARLIER_REPLIES = """
            and not (action = 'CLOSE' and exists (select 1 from reply earlier where earlier.conversation_id = reply.conversation_id
                     and earlier.status = 'PENDING' and earlier.id < reply.id))
            """;

    /**
     * The condition of a statement that addresses replies by id and must find them still PENDING.
     * Written so that no index can serve it, leaving the primary key the only choice: H2 plans a
     * statement once per connection and keeps the plan, and one planned while the table was small
     * walked {@code ix_reply_due} through every PENDING reply for each reply sent (a drain of
     * 18,000 replies on H2 ran at 460 replies/s, rising to 2,400 as the backlog shrank, with
     * recording SENT half of the recording thread's samples). {@code status} is never null.
     */
    private static final String STILL_PENDING = "coalesce(status, '') = 'PENDING'";

    /** Marks a reply SENT if the claim is still ours; package-private for the test of its plan on H2. */
    static final String MARK_SENT = """
            update reply set status = 'SENT', external_message_id = :external, sent_at = :now, last_error = null
            where id = :id and claim_token = :token""" + " and " + STILL_PENDING;

    /** Rounds of a claim looking past replies another node holds (each reads the next ones). */
    private static final int CLAIM_ROUNDS = 3;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batches;

    ReplyStore(JdbcClient jdbc, NamedParameterJdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    Optional<ReplyView> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from reply where id = :id and action = 'SEND'").param("id", id).query(ReplyStore::row).optional();
    }

    Optional<ReplyView> findByIdempotencyKey(long conversationId, String key) {
        return jdbc.sql("select " + COLUMNS + " from reply where conversation_id = :c and idempotency_key = :k")
                .param("c", conversationId)
                .param("k", key)
                .query(ReplyStore::row)
                .optional();
    }

    /** @return the new reply's id, or empty when the idempotency key was taken meanwhile */
    Optional<Long> insert(long conversationId, String channelId, String body, String author, String key, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into reply (conversation_id, channel_id, body, author, status, attempts, next_attempt_at,
                                   idempotency_key, created_at)
                values (:c, :channel, :body, :author, 'PENDING', 0, :now, :key, :now)
                on conflict do nothing""")
                .param("c", conversationId)
                .param("channel", channelId)
                .param("body", body)
                .param("author", author)
                .param("key", key)
                .param("now", SqlTime.param(now))
                .update(keys, "id");
        // No key when ON CONFLICT skipped the row: the idempotency key was taken meanwhile.
        return keys.getKeyList().isEmpty() ? Optional.empty() : Optional.of(((Number) keys.getKeyList().get(0).get("id")).longValue());
    }

    /**
     * A close of the source's thread, for the outbox to deliver like a reply (claimed, leased, retried).
     * No author: the trail says who closed, and the agents' day counts only replies.
     */
    long insertClose(long conversationId, String channelId, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into reply (conversation_id, channel_id, body, status, attempts, next_attempt_at, created_at, action)
                values (:c, :channel, '', 'PENDING', 0, :now, :now, 'CLOSE')""")
                .param("c", conversationId)
                .param("channel", channelId)
                .param("now", SqlTime.param(now))
                .update(keys, "id");
        return ((Number) keys.getKeyList().get(0).get("id")).longValue();
    }

    /**
     * Claims one channel's due replies for this node: row locks skip what another node holds, and
     * the lease (next attempt pushed forward) hands a reply to another node if this one dies mid-send.
     *
     * <p>In steps, so that a claim costs its limit, not the channel's backlog: H2 locks every row a
     * {@code FOR UPDATE} query matches before it applies the {@code LIMIT} (with 3,000 replies
     * waiting, each claim of 16 locked all 3,000 and its commit wrote them all back). So the oldest
     * due replies are read first without locks ({@code ix_reply_claim} in order, stopping at the
     * limit), then only these are locked, each checked again once locked. Those another node
     * holds are skipped and the next ones read, a few rounds at most.
     */
    List<Long> claimDue(String channelId, Instant now, int limit, Instant leaseUntil, String token) {
        List<Long> claimed = new ArrayList<>();
        List<Long> passed = new ArrayList<>();
        for (int round = 0; round < CLAIM_ROUNDS && claimed.size() < limit; round++) {
            List<Long> candidates = dueCandidates(channelId, now, limit - claimed.size(), passed);
            if (candidates.isEmpty()) {
                break;
            }
            List<Long> locked = jdbc.sql("select id from reply where id in (:ids) and " + STILL_PENDING
                    + " and next_attempt_at <= :now\n" + CLOSE_AFTER_EARLIER_REPLIES + "for update skip locked")
                    .param("ids", candidates)
                    .param("now", SqlTime.param(now))
                    .query(Long.class)
                    .list();
            claimed.addAll(locked);
            passed.addAll(candidates);
            if (locked.size() == candidates.size()) {
                break;
            }
        }
        claimed.sort(null);
        return lease(claimed, leaseUntil, token);
    }

    /**
     * A channel's oldest due replies, read without locks. The equality columns lead the ORDER BY
     * (the same order) so that H2 reads {@code ix_reply_claim} in order and stops at the limit.
     */
    private List<Long> dueCandidates(String channelId, Instant now, int limit, List<Long> passed) {
        var query = jdbc.sql("""
                select id from reply where channel_id = :channel and status = 'PENDING' and next_attempt_at <= :now
                """ + (passed.isEmpty() ? "" : "and id not in (:passed) ") + CLOSE_AFTER_EARLIER_REPLIES + """
                order by channel_id, status, next_attempt_at, id limit :limit""")
                .param("channel", channelId)
                .param("now", SqlTime.param(now))
                .param("limit", limit);
        return (passed.isEmpty() ? query : query.param("passed", passed)).query(Long.class).list();
    }

    /** The same for the replies of every channel not in the given list. */
    List<Long> claimDueOutside(java.util.Collection<String> channelIds, Instant now, int limit, Instant leaseUntil,
                               String token) {
        List<Long> ids = jdbc.sql("""
                select id from reply where status = 'PENDING' and next_attempt_at <= :now
                """ + (channelIds.isEmpty() ? "" : "and channel_id not in (:channels) ") + """
                order by next_attempt_at, id limit :limit for update skip locked""")
                .param("channels", channelIds.isEmpty() ? List.of("") : List.copyOf(channelIds))
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query(Long.class)
                .list();
        return lease(ids, leaseUntil, token);
    }

    private List<Long> lease(List<Long> ids, Instant leaseUntil, String token) {
        if (!ids.isEmpty()) {
            jdbc.sql("update reply set attempts = attempts + 1, next_attempt_at = :lease, claim_token = :token where id in (:ids)")
                    .param("lease", SqlTime.param(leaseUntil))
                    .param("token", token)
                    .param("ids", ids)
                    .update();
        }
        return ids;
    }

    List<ClaimedReply> load(List<Long> ids, Instant claimedAt) {
        // The thread is looked up by the conversation's key for each reply, in a scalar subquery, which
        // PostgreSQL does not turn into a join. Joined, it could plan a merge join once reply's statistics
        // put the replies' conversations among the older ones, as it did for the alerts (AlertClaims): that
        // walks the conversation key from the first row up to the newest, the whole table at each claim.
        return jdbc.sql("""
                select r.id, r.conversation_id, r.channel_id,
                       (select c.external_thread_id from conversation c where c.id = r.conversation_id) as external_thread_id,
                       r.body, r.attempts, r.created_at, r.send_marker, r.claim_token, r.action,
                       exists (select 1 from reply_attachment f where f.reply_id = r.id) as has_files
                from reply r where r.id in (:ids) order by r.id""")
                .param("ids", ids)
                .query((rs, n) -> new ClaimedReply(rs.getLong("id"), rs.getLong("conversation_id"),
                        rs.getString("channel_id"), rs.getString("external_thread_id"), rs.getString("body"),
                        rs.getInt("attempts"), SqlTime.read(rs, "created_at"), rs.getString("send_marker"),
                        rs.getString("claim_token"), "CLOSE".equals(rs.getString("action")), claimedAt, rs.getBoolean("has_files")))
                .list();
    }

    void insertFile(long replyId, OutgoingReply.File file) {
        jdbc.sql("""
                insert into reply_attachment (reply_id, name, content_type, size_bytes, content)
                values (:reply, :name, :type, :size, :content)""")
                .param("reply", replyId)
                .param("name", file.name())
                .param("type", file.contentType())
                .param("size", (long) file.content().length)
                .param("content", file.content())
                .update();
    }

    List<OutgoingReply.File> files(long replyId) {
        return jdbc.sql("select name, content_type, content from reply_attachment where reply_id = :reply order by id")
                .param("reply", replyId)
                .query((rs, n) -> new OutgoingReply.File(rs.getString("name"), rs.getString("content_type"),
                        rs.getBytes("content")))
                .list();
    }

    /**
     * Extends this claim's lease for one send, if the claim is still ours: a reply whose lease ran
     * out while earlier replies of the batch were sent may have been claimed by another node. The
     * row lock orders this update against such a claim, so exactly one of the two wins.
     */
    boolean renewClaim(long id, String token, Instant leaseUntil) {
        return jdbc.sql("""
                update reply set next_attempt_at = :lease
                where id = :id and claim_token = :token""" + " and " + STILL_PENDING)
                .param("lease", SqlTime.param(leaseUntil))
                .param("id", id)
                .param("token", token)
                .update() == 1;
    }

    /** Undoes a claim that was never sent: due again now, the attempt it counted not made. */
    void release(long id, String token, Instant now) {
        jdbc.sql("""
                update reply set next_attempt_at = :now, attempts = attempts - 1, claim_token = null
                where id = :id and claim_token = :token""" + " and " + STILL_PENDING)
                .param("now", SqlTime.param(now))
                .param("id", id)
                .param("token", token)
                .update();
    }

    /** A reply delivered under a claim, with the destination's id (null when it gave none). */
    record Sent(long id, String token, String externalId) {
    }

    boolean markSent(long id, String token, String externalId, Instant now) {
        return jdbc.sql(MARK_SENT).paramSource(sent(new Sent(id, token, externalId), now)).update() == 1;
    }

    /**
     * {@link #markSent} for several replies, in one batch (one round trip to the database).
     *
     * @return for each, in order, whether its claim was still ours and it is now SENT
     */
    boolean[] markAllSent(List<Sent> replies, Instant now) {
        int[] counts = batches.batchUpdate(MARK_SENT, replies.stream().map(r -> sent(r, now)).toArray(SqlParameterSource[]::new));
        boolean[] ours = new boolean[replies.size()];
        for (int i = 0; i < ours.length; i++) {
            if (counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
                // A driver that does not count the rows of a batch: the caller records them one by one.
                throw new IllegalStateException("the database did not say which replies were marked SENT");
            }
            ours[i] = counts[i] == 1;
        }
        return ours;
    }

    private static SqlParameterSource sent(Sent r, Instant now) {
        return new MapSqlParameterSource().addValue("token", r.token()).addValue("external", r.externalId())
                .addValue("now", SqlTime.param(now)).addValue("id", r.id());
    }

    /** The first marker is kept: it is the earliest point the source could have our message from. */
    void scheduleRetry(long id, String token, String error, Instant next, String sendMarker) {
        jdbc.sql("""
                update reply set last_error = :error, next_attempt_at = :next, send_marker = coalesce(send_marker, :marker)
                where id = :id and claim_token = :token""" + " and " + STILL_PENDING)
                .param("token", token)
                .param("marker", sendMarker)
                .param("error", truncate(error))
                .param("next", SqlTime.param(next))
                .param("id", id)
                .update();
    }

    boolean markFailed(long id, String token, String error) {
        return jdbc.sql("update reply set status = 'FAILED', last_error = :error where id = :id and " + STILL_PENDING
                        + " and claim_token = :token")
                .param("token", token)
                .param("error", truncate(error))
                .param("id", id)
                .update() == 1;
    }

    /** Replies FAILED since then whose conversation still waits, with no later reply SENT. */
    List<FailedReply> failedAwaitingAnswer(Instant since) {
        return jdbc.sql("""
                select r.id, r.channel_id, r.conversation_id, r.last_error from reply r
                where r.status = 'FAILED' and r.action = 'SEND' and r.created_at >= :since
                -- by key for each reply, as in load(): a join here could walk the whole conversation table
                and (select c.status from conversation c where c.id = r.conversation_id) = 'NEEDS_REPLY'
                and not exists (select 1 from reply later where later.conversation_id = r.conversation_id
                                and later.status = 'SENT' and later.action = 'SEND' and later.id > r.id)
                order by r.id""")
                .param("since", SqlTime.param(since))
                .query((rs, n) -> new FailedReply(rs.getLong("id"), rs.getString("channel_id"), rs.getLong("conversation_id"),
                        rs.getString("last_error")))
                .list();
    }

    /** Replies waiting in the outbox and replies that ended FAILED, for the gauges. */
    ReplyCounts counts() {
        var counts = new java.util.HashMap<String, Long>();
        jdbc.sql("select status, count(*) as n from reply where status in ('PENDING', 'FAILED') and action = 'SEND' group by status")
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return new ReplyCounts(counts.getOrDefault("PENDING", 0L), counts.getOrDefault("FAILED", 0L));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 1999) + "…";
    }

    private static ReplyView row(ResultSet rs, int n) throws SQLException {
        return new ReplyView(rs.getLong("id"), rs.getLong("conversation_id"), ReplyStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getString("last_error"), rs.getString("external_message_id"),
                SqlTime.read(rs, "next_attempt_at"), SqlTime.read(rs, "created_at"), SqlTime.read(rs, "sent_at"));
    }
}
