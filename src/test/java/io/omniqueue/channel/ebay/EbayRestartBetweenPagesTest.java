package io.omniqueue.channel.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.OmniqueueApplication;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.sandbox.ebay.EbaySimulator;
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

/**
 * The service stops between two pages of an eBay poll; the next run of the service resumes at
 * the offset it had not finished, and the daily call budget goes on from the calls already made.
 */
class EbayRestartBetweenPagesTest {

    static final EbaySimulator ebay = EbayTestChannels.simulator();

    @TempDir
    static Path dataDir;

    @AfterAll
    static void stop() {
        ebay.close();
    }

    @Test
    void restartBetweenPagesLosesAndDoublesNothingAndKeepsCountingTheDaysCalls() {
        // The third page keeps failing while the first service runs: its run stops half-way, as a crash would.
        ebay.failOnListOffset(100, 500, 10_000);
        ebay.seedConversations(150, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));

        int offsetsBeforeStop;
        try (ConfigurableApplicationContext first = start()) {
            ChannelCursorStore cursors = first.getBean(ChannelCursorStore.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> cursors.find("ebay-restart")
                    .map(c -> "100".equals(c.pageToken()) && c.lastError() != null).orElse(false));
            assertThat(messages(first)).isEqualTo(100);
            offsetsBeforeStop = ebay.listOffsetsRequested().size();
        }
        ebay.clearFaults();
        int requestsBeforeRestart = ebay.totalRequests();

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(second) == 150
                    && second.getBean(ChannelCursorStore.class).find("ebay-restart").map(c -> c.pageToken() == null).orElse(false));
            List<Integer> offsets = ebay.listOffsetsRequested();
            // The new service went on at offset 100, not at a new run from the first page.
            assertThat(offsets.get(offsetsBeforeStop)).isEqualTo(100);
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from conversation where channel_id = 'ebay-restart'").query(Long.class).single())
                    .isEqualTo(150L);
            assertThat(jdbc.sql("""
                    select count(*) from (select external_message_id from message where channel_id = 'ebay-restart'
                    group by external_message_id having count(*) > 1) doubled""").query(Long.class).single()).isZero();

            // Every request eBay saw (token calls, failed calls, both services) is counted in today's budget.
            var registry = second.getBean(ChannelRegistry.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                int seen = ebay.totalRequests();
                Object counted = registry.details(registry.find("ebay-restart").orElseThrow()).get("callsToday");
                return counted.equals(seen) && seen > requestsBeforeRestart;
            });
        }
    }

    private static long messages(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("select count(*) from message where channel_id = 'ebay-restart'")
                .query(Long.class).single();
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        p.put("spring.datasource.url", TestChannels.h2File(dataDir, "ebay-restart"));
        p.put("server.port", "0");
        p.put("omniqueue.polling.failure-backoff", "1s");
        p.put("omniqueue.polling.max-failure-backoff", "2s");
        p.put("camel.component.http.so-timeout", "5000");
        p.put("camel.component.http.response-timeout", "5000");
        p.putAll(EbayTestChannels.channel(3, "ebay-restart", ebay, 50));
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(OmniqueueApplication.class).run(args);
    }
}
