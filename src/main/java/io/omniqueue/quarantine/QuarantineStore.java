package io.omniqueue.quarantine;

import io.omniqueue.platform.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class QuarantineStore {

    private static final int MAX_REASON = 4000;

    private final JdbcClient jdbc;

    QuarantineStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                .param("reason", cut(reason))
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

    void recordFailedRetry(long id, String payload, String reason, Instant now) {
        jdbc.sql("""
                update quarantine set payload = :payload, reason = :reason, attempts = attempts + 1,
                    last_attempt_at = :now where id = :id""")
                .param("payload", payload)
                .param("reason", cut(reason))
                .param("now", SqlTime.param(now))
                .param("id", id)
                .update();
    }

    void resolve(long id, String payload, String resolution, Instant now) {
        jdbc.sql("""
                update quarantine set payload = :payload, resolved_at = :now, resolution = :resolution,
                    attempts = attempts + 1, last_attempt_at = :now where id = :id""")
                .param("payload", payload)
                .param("resolution", resolution)
                .param("now", SqlTime.param(now))
                .param("id", id)
                .update();
    }

    Optional<QuarantineEntry> find(long id) {
        return jdbc.sql("select * from quarantine where id = :id").param("id", id).query(QuarantineStore::row).optional();
    }

    List<QuarantineEntry> list(boolean includeResolved, int limit) {
        return jdbc.sql("select * from quarantine" + (includeResolved ? "" : " where resolved_at is null")
                        + " order by id desc limit :limit")
                .param("limit", limit)
                .query(QuarantineStore::row)
                .list();
    }

    private static String cut(String reason) {
        String text = reason == null ? "unknown" : reason;
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }

    private static QuarantineEntry row(ResultSet rs, int n) throws SQLException {
        return new QuarantineEntry(rs.getLong("id"), rs.getString("channel_id"), rs.getString("source"),
                rs.getString("payload"), rs.getString("reason"), rs.getInt("attempts"), SqlTime.read(rs, "created_at"),
                SqlTime.read(rs, "last_attempt_at"), SqlTime.read(rs, "resolved_at"), rs.getString("resolution"));
    }
}
