package io.omniqueue.quarantine;

import io.omniqueue.platform.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
class QuarantineStore {

    private static final int MAX_REASON = 4000;
    private static final int MAX_RESOLUTION = 500;
    private static final int MAX_CALLER = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    QuarantineStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** @return the new entry's id, or the id of the entry that already holds this very payload */
    long insert(String channelId, String source, String payload, String reason, Instant now) {
        String fingerprint = fingerprint(payload);
        jdbc.sql("""
                insert into quarantine (channel_id, source, payload, reason, created_at, attempts, last_attempt_at, fingerprint)
                values (:channel, :source, :payload, :reason, :now, 1, :now, :fingerprint)
                on conflict do nothing""")
                .param("channel", channelId)
                .param("source", source)
                .param("payload", payload)
                .param("reason", cut(reason, MAX_REASON))
                .param("now", SqlTime.param(now))
                .param("fingerprint", fingerprint)
                .update();
        return jdbc.sql("""
                select id from quarantine where source = :source and fingerprint = :fingerprint
                and (channel_id = :channel or (channel_id is null and cast(:channel as varchar(100)) is null))""")
                .param("source", source)
                .param("fingerprint", fingerprint)
                .param("channel", channelId)
                .query(Long.class)
                .single();
    }

    private static String fingerprint(String payload) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /**
     * Adds a retry to the entry's history and counts it; an ingested one also resolves the entry.
     * The entry's own payload and reason are left as they are.
     */
    void recordRetry(long id, Instant now, String by, Correction correction, Long replayedRetryId,
                     RetryAttempt.Outcome outcome, String detail) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into quarantine_retry (quarantine_id, attempted_at, attempted_by, correction, replayed_retry_id,
                        outcome, detail)
                    values (:id, :now, :by, :correction, :replayed, :outcome, :detail)""")
                    .param("id", id)
                    .param("now", SqlTime.param(now))
                    .param("by", cut(by, MAX_CALLER))
                    .param("correction", correction == null ? null : correction.text())
                    .param("replayed", replayedRetryId)
                    .param("outcome", outcome.name())
                    .param("detail", cut(detail, MAX_REASON))
                    .update();
            jdbc.sql("update quarantine set attempts = attempts + 1, last_attempt_at = :now where id = :id")
                    .param("now", SqlTime.param(now))
                    .param("id", id)
                    .update();
            if (outcome == RetryAttempt.Outcome.INGESTED) {
                jdbc.sql("update quarantine set resolved_at = :now, resolution = :resolution where id = :id")
                        .param("now", SqlTime.param(now))
                        .param("resolution", cut(detail, MAX_RESOLUTION))
                        .param("id", id)
                        .update();
            }
        });
    }

    /** The correction a retry without one sends again: the latest tried, if any. */
    Optional<StoredCorrection> latestCorrection(long id) {
        return jdbc.sql("""
                select id, correction from quarantine_retry where quarantine_id = :id and correction is not null
                order by id desc limit 1""")
                .param("id", id)
                .query((rs, n) -> new StoredCorrection(rs.getLong("id"), new Correction(rs.getString("correction"))))
                .optional();
    }

    /** @return false when the entry is missing, already discarded or already ingested */
    boolean discard(long id, String by, String reason, Instant now) {
        return jdbc.sql("""
                update quarantine set discarded_at = :now, discarded_by = :by, discard_reason = :reason
                where id = :id and discarded_at is null and resolved_at is null""")
                .param("now", SqlTime.param(now))
                .param("by", cut(by, MAX_CALLER))
                .param("reason", reason)
                .param("id", id)
                .update() == 1;
    }

    Optional<QuarantineEntry> find(long id) {
        return jdbc.sql("select * from quarantine where id = :id").param("id", id).query(QuarantineStore::row).optional()
                .map(entry -> withRetries(List.of(entry)).get(0));
    }

    List<QuarantineEntry> list(boolean includeResolved, boolean includeDiscarded, int limit) {
        String where = (includeResolved ? "" : " and resolved_at is null") + (includeDiscarded ? "" : " and discarded_at is null");
        return withRetries(jdbc.sql("select * from quarantine where 1 = 1" + where + " order by id desc limit :limit")
                .param("limit", limit)
                .query(QuarantineStore::row)
                .list());
    }

    /** The retries of all these entries in one query, not one per entry. */
    private List<QuarantineEntry> withRetries(List<QuarantineEntry> entries) {
        if (entries.isEmpty()) {
            return entries;
        }
        Map<Long, List<RetryAttempt>> retries = jdbc.sql("""
                        select * from quarantine_retry where quarantine_id in (:ids) order by id""")
                .param("ids", entries.stream().map(QuarantineEntry::id).toList())
                .query((rs, n) -> Map.entry(rs.getLong("quarantine_id"), retry(rs)))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return entries.stream().map(e -> e.withRetries(retries.getOrDefault(e.id(), List.of()))).toList();
    }

    private static String cut(String text, int max) {
        String value = text == null ? "unknown" : text;
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    private static QuarantineEntry row(ResultSet rs, int n) throws SQLException {
        Instant resolvedAt = SqlTime.read(rs, "resolved_at");
        Instant discardedAt = SqlTime.read(rs, "discarded_at");
        // A retry already under way when the entry was discarded may still ingest it: that is what happened.
        QuarantineEntry.Status status = resolvedAt != null ? QuarantineEntry.Status.RESOLVED
                : discardedAt != null ? QuarantineEntry.Status.DISCARDED : QuarantineEntry.Status.OPEN;
        return new QuarantineEntry(rs.getLong("id"), rs.getString("channel_id"), rs.getString("source"), status,
                rs.getString("payload"), rs.getString("reason"), rs.getInt("attempts"), SqlTime.read(rs, "created_at"),
                SqlTime.read(rs, "last_attempt_at"), resolvedAt, rs.getString("resolution"), discardedAt,
                rs.getString("discarded_by"), rs.getString("discard_reason"), List.of());
    }

    private static RetryAttempt retry(ResultSet rs) throws SQLException {
        return new RetryAttempt(rs.getLong("id"), SqlTime.read(rs, "attempted_at"), rs.getString("attempted_by"),
                rs.getString("correction"), rs.getObject("replayed_retry_id", Long.class),
                RetryAttempt.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"));
    }

    /** A correction as kept, with the retry that brought it. */
    record StoredCorrection(long retryId, Correction correction) {
    }
}
