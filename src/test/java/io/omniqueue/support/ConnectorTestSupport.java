package io.omniqueue.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a connector test (a {@code @SpringBootTest} on a random port with
 * {@link TestClockConfiguration}) asks of the running service: its API, counts in its database,
 * and waiting for a source's thread to be imported.
 */
public abstract class ConnectorTestSupport {

    @LocalServerPort
    protected int port;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected JdbcClient jdbc;

    protected Api api() {
        return new Api(port);
    }

    /** A single number from the database ({@code ?} parameters in order). */
    protected long count(String sql, Object... params) {
        var statement = jdbc.sql(sql);
        for (int i = 0; i < params.length; i++) {
            statement = statement.param(i + 1, params[i]);
        }
        return statement.query(Long.class).single();
    }

    /** The id of the conversation of the source's thread, once it is imported (up to 20 s). */
    protected long conversationOf(String channel, String externalThreadId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from conversation where channel_id = ? and external_thread_id = ?", channel, externalThreadId) == 1);
        return count("select id from conversation where channel_id = ? and external_thread_id = ?", channel, externalThreadId);
    }

    protected JsonNode conversation(long id) {
        return api().get("/api/conversations/" + id).json();
    }

    protected String status(long id) {
        return conversation(id).get("status").asText();
    }

    protected JsonNode channel(String id) {
        return api().get("/api/channels/" + id).json();
    }
}
