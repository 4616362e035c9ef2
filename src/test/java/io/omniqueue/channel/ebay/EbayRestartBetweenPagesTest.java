package io.omniqueue.channel.ebay;

import static io.omniqueue.support.RestartableService.conversations;
import static io.omniqueue.support.RestartableService.doubledMessages;
import static io.omniqueue.support.RestartableService.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.sandbox.ebay.EbaySimulator;
import io.omniqueue.support.RestartableService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service stops between two pages of an eBay poll; the next run of the service resumes at
 * the offset it had not finished, and the daily call budget goes on from the calls already made.
 */
class EbayRestartBetweenPagesTest {

    static final String CHANNEL = "ebay-restart";

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
            await().atMost(Duration.ofSeconds(60)).until(() -> cursors.find(CHANNEL)
                    .map(c -> "100".equals(c.pageToken()) && c.lastError() != null).orElse(false));
            assertThat(messages(first, CHANNEL)).isEqualTo(100);
            offsetsBeforeStop = ebay.listOffsetsRequested().size();
        }
        ebay.clearFaults();
        int requestsBeforeRestart = ebay.totalRequests();

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(second, CHANNEL) == 150
                    && second.getBean(ChannelCursorStore.class).find(CHANNEL).map(c -> c.pageToken() == null).orElse(false));
            List<Integer> offsets = ebay.listOffsetsRequested();
            // The new service went on at offset 100, not at a new run from the first page.
            assertThat(offsets.get(offsetsBeforeStop)).isEqualTo(100);
            assertThat(conversations(second, CHANNEL)).isEqualTo(150);
            assertThat(doubledMessages(second, CHANNEL)).isZero();

            // Every request eBay saw (token calls, failed calls, both services) is counted in today's budget.
            var registry = second.getBean(ChannelRegistry.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                int seen = ebay.totalRequests();
                Object counted = registry.details(registry.find(CHANNEL).orElseThrow()).get("callsToday");
                return counted.equals(seen) && seen > requestsBeforeRestart;
            });
        }
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = RestartableService.properties(dataDir, CHANNEL);
        p.put("omniqueue.polling.max-failure-backoff", "2s");
        p.put("camel.component.http.so-timeout", "5000");
        p.put("camel.component.http.response-timeout", "5000");
        p.putAll(EbayTestChannels.channel(3, CHANNEL, ebay, 50));
        return RestartableService.start(p);
    }
}
