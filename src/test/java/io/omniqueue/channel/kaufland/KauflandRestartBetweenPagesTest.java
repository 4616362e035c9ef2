package io.omniqueue.channel.kaufland;

import static io.omniqueue.support.RestartableService.conversations;
import static io.omniqueue.support.RestartableService.doubledMessages;
import static io.omniqueue.support.RestartableService.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.sandbox.kaufland.KauflandSimulator;
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

/** The service stops between two pages of a poll; its next start resumes at the offset it had not finished. */
class KauflandRestartBetweenPagesTest {

    static final String CHANNEL = "restart-kaufland";

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
            await().atMost(Duration.ofSeconds(60)).until(() -> cursors.find(CHANNEL)
                    .map(c -> "60".equals(c.pageToken()) && c.lastError() != null).orElse(false));
            assertThat(messages(first, CHANNEL)).isEqualTo(60);
            offsetsBeforeStop = kaufland.offsetsRequested().size();
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(second, CHANNEL) == 100
                    && second.getBean(ChannelCursorStore.class).find(CHANNEL).map(c -> c.pageToken() == null).orElse(false));
            List<Integer> offsets = kaufland.offsetsRequested();
            // The new run of the service went on at offset 60, not from the first page.
            assertThat(offsets.get(offsetsBeforeStop)).isEqualTo(60);
            assertThat(conversations(second, CHANNEL)).isEqualTo(100);
            assertThat(doubledMessages(second, CHANNEL)).isZero();
        }
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = RestartableService.properties(dataDir, "restart");
        p.put("camel.component.http.so-timeout", "5000");
        p.put("camel.component.http.response-timeout", "5000");
        p.putAll(KauflandChannels.channel(3, CHANNEL, kaufland.baseUrl(), KauflandChannels.SECRET_KEY));
        return RestartableService.start(p);
    }
}
