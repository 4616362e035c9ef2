package io.omniqueue.support;

import io.omniqueue.OmniqueueApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole service started in the test's JVM from a map of properties, for tests that stop it and
 * start it again on the same database (a stop between two pages of a poll, a close accepted just
 * before a stop, an upgrade) or start several nodes on one, and what such tests count in its database.
 */
public final class RestartableService {

    private RestartableService() {
    }

    /**
     * What such a test starts from: the test channels' common settings, the H2 file
     * {@code database} in {@code dataDir}, a free port, and a failed poll tried again after 1 s.
     */
    public static Map<String, String> properties(Path dataDir, String database) {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        p.put("spring.datasource.url", TestChannels.h2File(dataDir, database));
        p.put("server.port", "0");
        p.put("omniqueue.polling.failure-backoff", "1s");
        return p;
    }

    /**
     * The test channels' common settings on a PostgreSQL database (profile {@code postgres}, so
     * several nodes may share it, as in production), and a free port.
     */
    public static Map<String, String> postgresProperties(String url) {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        p.put("spring.profiles.active", "postgres");
        p.put("spring.datasource.url", url);
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "");
        p.put("server.port", "0");
        return p;
    }

    public static ConfigurableApplicationContext start(Map<String, String> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(OmniqueueApplication.class).run(args);
    }

    public static long messages(ConfigurableApplicationContext service, String channelId) {
        return count(service, "select count(*) from message where channel_id = ?", channelId);
    }

    public static long conversations(ConfigurableApplicationContext service, String channelId) {
        return count(service, "select count(*) from conversation where channel_id = ?", channelId);
    }

    /** How many of the channel's messages are stored more than once (the same external id): 0 when dedupe held. */
    public static long doubledMessages(ConfigurableApplicationContext service, String channelId) {
        return count(service, """
                select count(*) from (select external_message_id from message where channel_id = ?
                group by external_message_id having count(*) > 1) doubled""", channelId);
    }

    private static long count(ConfigurableApplicationContext service, String sql, String channelId) {
        return service.getBean(JdbcClient.class).sql(sql).param(1, channelId).query(Long.class).single();
    }
}
