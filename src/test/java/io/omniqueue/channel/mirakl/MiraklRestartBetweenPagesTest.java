package io.omniqueue.channel.mirakl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.OmniqueueApplication;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
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

/** The service stops between two pages of a poll; the next run of the service resumes at the page it had not finished. */
class MiraklRestartBetweenPagesTest {

    static final MiraklSimulator mirakl = MiraklSimulator.start(0, "restart-key", "Omni Shop");

    @TempDir
    static Path dataDir;

    @AfterAll
    static void stop() {
        mirakl.close();
    }

    @Test
    void restartBetweenPagesLosesAndDoublesNothing() {
        mirakl.failOnPage(3, 500, -1);
        mirakl.seedThreads(500, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));

        List<String> tokensBeforeStop;
        try (ConfigurableApplicationContext first = start()) {
            ChannelCursorStore cursors = first.getBean(ChannelCursorStore.class);
            // Pages 1 and 2 are stored; page 3 failed: the run stops half-way, as a crash would. (Its
            // injected 500, not a read timeout of a busy machine, which a later run retries.)
            await().atMost(Duration.ofSeconds(30)).until(() -> cursors.find("restart-mirakl")
                    .map(c -> c.pageToken() != null && c.lastError() != null && c.lastError().contains("500")).orElse(false));
            assertThat(messages(first)).isEqualTo(200);
            tokensBeforeStop = mirakl.pageTokensRequested();
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(second) == 500
                    && second.getBean(ChannelCursorStore.class).find("restart-mirakl").map(c -> c.pageToken() == null).orElse(false));
            List<String> tokens = mirakl.pageTokensRequested();
            // The new run of the service went on with page 3's token, not a new run from page 1.
            assertThat(tokens.get(tokensBeforeStop.size())).isEqualTo(tokensBeforeStop.get(tokensBeforeStop.size() - 1));
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from conversation where channel_id = 'restart-mirakl'").query(Long.class).single())
                    .isEqualTo(500L);
            assertThat(jdbc.sql("""
                    select count(*) from (select external_message_id from message where channel_id = 'restart-mirakl'
                    group by external_message_id having count(*) > 1) doubled""").query(Long.class).single()).isZero();
        }
    }

    private static long messages(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("select count(*) from message where channel_id = 'restart-mirakl'")
                .query(Long.class).single();
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        p.put("spring.datasource.url", TestChannels.h2File(dataDir, "restart"));
        p.put("server.port", "0");
        p.put("omniqueue.polling.failure-backoff", "1s");
        p.putAll(TestChannels.mirakl(3, "restart-mirakl", mirakl.baseUrl(), "restart-key"));
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(OmniqueueApplication.class).run(args);
    }
}
