package io.omniqueue.channel.kaufland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.OmniqueueApplication;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.sandbox.kaufland.KauflandSimulator;
import io.omniqueue.support.TestChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service stops between two pages of a poll; its next start resumes at the offset it had not finished. */
class KauflandRestartBetweenPagesTest {

    static final KauflandSimulator kaufland = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY,
            KauflandChannels.SECRET_KEY);

    @TempDir
    static Path dataDir;

    @AfterAll
    static void stop() {
        kaufland.close();
    }

    @Test
    void restartBetweenPagesLosesAndDoublesNothing() {
        kaufland.failOnOffset(60, 500);
        kaufland.seedTickets("de", 100, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));

        int offsetsBeforeStop;
        try (ConfigurableApplicationContext first = start()) {
            ChannelCursorStore cursors = first.getBean(ChannelCursorStore.class);
            // Offsets 0 and 30 are stored; offset 60 failed: the run stops half-way, as a crash would.
            await().atMost(Duration.ofSeconds(60)).until(() -> cursors.find("restart-kaufland")
                    .map(c -> "60".equals(c.pageToken()) && c.lastError() != null).orElse(false));
            assertThat(messages(first)).isEqualTo(60);
            offsetsBeforeStop = kaufland.offsetsRequested().size();
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(second) == 100
                    && second.getBean(ChannelCursorStore.class).find("restart-kaufland").map(c -> c.pageToken() == null).orElse(false));
            List<Integer> offsets = kaufland.offsetsRequested();
            // The new run of the service went on at offset 60, not from the first page.
            assertThat(offsets.get(offsetsBeforeStop)).isEqualTo(60);
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from conversation where channel_id = 'restart-kaufland'").query(Long.class)
                    .single()).isEqualTo(100L);
            assertThat(jdbc.sql("""
                    select count(*) from (select external_message_id from message where channel_id = 'restart-kaufland'
                    group by external_message_id having count(*) > 1) doubled""").query(Long.class).single()).isZero();
        }
    }

    private static long messages(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("select count(*) from message where channel_id = 'restart-kaufland'")
                .query(Long.class).single();
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        p.put("spring.datasource.url", TestChannels.h2File(dataDir, "restart"));
        p.put("server.port", "0");
        p.put("omniqueue.polling.failure-backoff", "1s");
        p.put("camel.component.http.so-timeout", "5000");
        p.put("camel.component.http.response-timeout", "5000");
        p.putAll(KauflandChannels.channel(3, "restart-kaufland", kaufland.baseUrl(), KauflandChannels.SECRET_KEY));
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(OmniqueueApplication.class).run(args);
    }
}
