package io.omniqueue.channel.kaufland;

import static io.omniqueue.support.RestartableService.conversations;
import static io.omniqueue.support.RestartableService.doubledMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.sandbox.kaufland.KauflandSimulator;
import io.omniqueue.support.RestartableService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A page's tickets are read one call each; when one of those calls fails half-way through the page,
 * the tickets already read are stored anyway (their calls were spent), the cursor stays on the page,
 * and once the failing ticket answers again the whole page is stored, nothing twice.
 */
class KauflandFailedTicketReadTest {

    static final String CHANNEL = "failing-kaufland";

    static final KauflandSimulator kaufland = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY,
            KauflandChannels.SECRET_KEY);

    @TempDir
    static Path dataDir;

    @AfterAll
    static void stop() {
        kaufland.close();
    }

    @Test
    void ticketsReadBeforeAFailedTicketCallAreStoredAndThePageIsReadAgain() {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        List<String> tickets = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            tickets.add(kaufland.buyerOpensTicket("de", 7000 + i, "ORDER-F" + i, "Kunde " + i,
                    "Frage " + i + " zu meiner Bestellung", from.plus(Duration.ofMinutes(i))));
        }
        String failing = tickets.get(14);
        kaufland.failNext("GET", "/v2/tickets/" + Pattern.quote(failing), 1_000, 503);

        try (ConfigurableApplicationContext service = start()) {
            ChannelCursorStore cursors = service.getBean(ChannelCursorStore.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> conversations(service, CHANNEL) > 0
                    && cursors.find(CHANNEL).map(c -> c.lastError() != null).orElse(false));
            assertThat(conversations(service, CHANNEL)).isLessThan(tickets.size());
            assertThat(storedThreads(service)).doesNotContain(failing);

            kaufland.clearFaults();
            await().atMost(Duration.ofSeconds(60)).until(() -> conversations(service, CHANNEL) == tickets.size());
            assertThat(doubledMessages(service, CHANNEL)).isZero();
        }
    }

    private static List<String> storedThreads(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class)
                .sql("select external_thread_id from conversation where channel_id = 'failing-kaufland'")
                .query(String.class).list();
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = RestartableService.properties(dataDir, "failing");
        p.put("camel.component.http.so-timeout", "5000");
        p.put("camel.component.http.response-timeout", "5000");
        p.putAll(KauflandChannels.channel(3, CHANNEL, kaufland.baseUrl(), KauflandChannels.SECRET_KEY));
        return RestartableService.start(p);
    }
}
