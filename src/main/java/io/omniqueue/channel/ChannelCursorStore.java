package io.omniqueue.channel;

import io.omniqueue.platform.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One row per channel: the poller's resume point and its health, shared by every node. */
@Repository
public class ChannelCursorStore {

    private final JdbcClient jdbc;

    ChannelCursorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ChannelCursor load(String channelId) {
        return find(channelId).orElseGet(() -> ChannelCursor.fresh(channelId));
    }

    public Optional<ChannelCursor> find(String channelId) {
        return jdbc.sql("select * from channel_cursor where channel_id = :id").param("id", channelId)
                .query(ChannelCursorStore::row).optional();
    }

    public List<ChannelCursor> all() {
        return jdbc.sql("select * from channel_cursor order by channel_id").query(ChannelCursorStore::row).list();
    }

    /** A page is committed: the run continues from {@code nextPageToken} even after a restart. */
    public void pageDone(String channelId, String nextPageToken, Instant runWatermark, Instant now) {
        ensureRow(channelId, now);
        jdbc.sql("update channel_cursor set page_token = :token, run_watermark = :watermark, updated_at = :now where channel_id = :id")
                .param("token", nextPageToken)
                .param("watermark", SqlTime.param(runWatermark))
                .param("now", SqlTime.param(now))
                .param("id", channelId)
                .update();
    }

    /** The run read its last page: the next run starts from {@code position}. */
    public void runDone(String channelId, String position, Instant now) {
        ensureRow(channelId, now);
        jdbc.sql("""
                update channel_cursor set position = :position, page_token = null, run_watermark = null, updated_at = :now
                where channel_id = :id""")
                .param("position", position)
                .param("now", SqlTime.param(now))
                .param("id", channelId)
                .update();
    }

    public void succeeded(String channelId, Instant now) {
        ensureRow(channelId, now);
        jdbc.sql("""
                update channel_cursor set state = 'ACTIVE', last_success_at = :now, consecutive_failures = 0,
                    next_poll_at = null, failing_since = null, updated_at = :now where channel_id = :id""")
                .param("now", SqlTime.param(now))
                .param("id", channelId)
                .update();
    }

    /** A failed or rate-limited poll: no call before {@code nextPollAt}. */
    public void failed(String channelId, ChannelState state, String error, Instant nextPollAt, Instant now) {
        ensureRow(channelId, now);
        jdbc.sql("""
                update channel_cursor set state = :state, last_error = :error, last_error_at = :now, next_poll_at = :next,
                    consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, :now),
                    updated_at = :now where channel_id = :id""")
                .param("state", state.name())
                .param("error", error == null || error.length() <= 2000 ? error : error.substring(0, 1999) + "…")
                .param("next", SqlTime.param(nextPollAt))
                .param("now", SqlTime.param(now))
                .param("id", channelId)
                .update();
    }

    /** An operator's word that the credentials are fixed. */
    public boolean resume(String channelId, Instant now) {
        return jdbc.sql("""
                update channel_cursor set state = 'ACTIVE', next_poll_at = null, consecutive_failures = 0, updated_at = :now
                where channel_id = :id""")
                .param("now", SqlTime.param(now))
                .param("id", channelId)
                .update() == 1;
    }

    private void ensureRow(String channelId, Instant now) {
        jdbc.sql("insert into channel_cursor (channel_id, state, updated_at) values (:id, 'ACTIVE', :now) on conflict do nothing")
                .param("id", channelId)
                .param("now", SqlTime.param(now))
                .update();
    }

    private static ChannelCursor row(ResultSet rs, int n) throws SQLException {
        return new ChannelCursor(rs.getString("channel_id"), rs.getString("position"), rs.getString("page_token"),
                SqlTime.read(rs, "run_watermark"), SqlTime.read(rs, "next_poll_at"),
                ChannelState.valueOf(rs.getString("state")), SqlTime.read(rs, "last_success_at"),
                rs.getString("last_error"), SqlTime.read(rs, "last_error_at"), rs.getInt("consecutive_failures"),
                SqlTime.read(rs, "failing_since"));
    }
}
