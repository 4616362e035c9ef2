package io.omniqueue.channel.mirakl;

import static io.omniqueue.support.RestartableService.doubledMessages;
import static io.omniqueue.support.RestartableService.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelState;
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

/**
 * Mirakl refuses a page token in the middle of a run (a 400): the run starts again from the last
 * complete position (the page loop of {@code channel.PagedPoll}) instead of retrying the dead token
 * after a backoff; nothing is lost or stored twice.
 */
class MiraklRefusedPageTokenTest {

    static final String CHANNEL = "refused-mirakl";

    static final MiraklSimulator mirakl = MiraklSimulator.start(0, "refused-key", "Omni Shop");

    @TempDir
    static Path dataDir;

    @AfterAll
    static void stop() {
        mirakl.close();
    }

    @Test
    void aRefusedPageTokenStartsTheRunAgainFromItsFirstPageWithoutBackingOff() {
        mirakl.failOnPage(3, 400, -1);
        mirakl.seedThreads(500, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));
        Map<String, String> p = RestartableService.properties(dataDir, "refused");
        p.putAll(TestChannels.mirakl(3, CHANNEL, mirakl.baseUrl(), "refused-key"));

        try (ConfigurableApplicationContext service = RestartableService.start(p)) {
            ChannelCursorStore cursors = service.getBean(ChannelCursorStore.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(service, CHANNEL) == 500
                    && cursors.find(CHANNEL).map(c -> c.pageToken() == null && c.position() != null).orElse(false));
            assertThat(doubledMessages(service, CHANNEL)).isZero();

            // Tokens of the first run: page 2's, then page 3's (refused). The run that follows starts
            // from the first page (no token) and so asks for page 2's token again, not page 3's.
            List<String> tokens = mirakl.pageTokensRequested();
            assertThat(tokens.size()).isGreaterThan(3);
            assertThat(tokens.get(2)).isEqualTo(tokens.get(0));
            ChannelCursor cursor = cursors.find(CHANNEL).orElseThrow();
            assertThat(cursor.state()).isEqualTo(ChannelState.ACTIVE);
            assertThat(cursor.failingSince()).isNull();
        }
    }
}
