package io.omniqueue.channel.mirakl;

import static io.omniqueue.support.RestartableService.conversations;
import static io.omniqueue.support.RestartableService.doubledMessages;
import static io.omniqueue.support.RestartableService.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
import io.omniqueue.support.RestartableService;
import io.omniqueue.support.TestChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The service stops between two pages of a poll; the next run of the service resumes at the page it had not finished. */
class MiraklRestartBetweenPagesTest {

    static final String CHANNEL = "restart-mirakl";

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
            await().atMost(Duration.ofSeconds(30)).until(() -> cursors.find(CHANNEL)
                    .map(c -> c.pageToken() != null && c.lastError() != null && c.lastError().contains("500")).orElse(false));
            assertThat(messages(first, CHANNEL)).isEqualTo(200);
            tokensBeforeStop = mirakl.pageTokensRequested();
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(second, CHANNEL) == 500
                    && second.getBean(ChannelCursorStore.class).find(CHANNEL).map(c -> c.pageToken() == null).orElse(false));
            List<String> tokens = mirakl.pageTokensRequested();
            // The new run of the service went on with page 3's token, not a new run from page 1.
            assertThat(tokens.get(tokensBeforeStop.size())).isEqualTo(tokensBeforeStop.get(tokensBeforeStop.size() - 1));
            assertThat(conversations(second, CHANNEL)).isEqualTo(500);
            assertThat(doubledMessages(second, CHANNEL)).isZero();
        }
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = RestartableService.properties(dataDir, "restart");
        p.putAll(TestChannels.mirakl(3, CHANNEL, mirakl.baseUrl(), "restart-key"));
        return RestartableService.start(p);
    }
}
