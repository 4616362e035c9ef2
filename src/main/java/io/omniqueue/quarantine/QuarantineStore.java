package io.omniqueue.quarantine;

import io.omniqueue.platform.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class QuarantineStore {

    private static final int MAX_REASON = 4000;

    private final JdbcClient jdbc;

    QuarantineStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String channelId, String source, String payload, String reason, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into quarantine (channel_id, source, payload, reason, created_at, attempts, last_attempt_at)
                values (:channel, :source, :payload, :reason, :now, 1, :now)""")
                .param("channel", channelId)
                .param("source", source)
                .param("payload", payload)
                .param("reason", cut(reason))
                .param("now", SqlTime.param(now))
                .update(keys, "id");
        return ((Number) keys.getKeyList().get(0).get("id")).longValue();
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
