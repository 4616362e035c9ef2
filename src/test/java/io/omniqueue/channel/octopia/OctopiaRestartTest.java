package io.omniqueue.channel.octopia;

import static io.omniqueue.support.RestartableService.conversations;
import static io.omniqueue.support.RestartableService.doubledMessages;
import static io.omniqueue.support.RestartableService.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.sandbox.octopia.OctopiaSimulator;
import io.omniqueue.support.Api;
import io.omniqueue.support.RestartableService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service stops mid-way (between two pages of a poll, between a close and its delivery) and starts again. */
class OctopiaRestartTest {

    static final String CHANNEL = "restart-octopia";

    /** Each test its own Octopia. */
    final OctopiaSimulator octopia = OctopiaTestChannels.simulator();

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        octopia.close();
    }

    @Test
    void restartBetweenPagesLosesAndDoublesNothing() {
        // Page 3 fails as long as the first run of the service lives, however often it is retried.
        for (int i = 0; i < 100; i++) {
            octopia.failOnPage(3, 500, -1);
        }
        octopia.seedDiscussions(120, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));
        int queriesBeforeStop;
        try (ConfigurableApplicationContext first = start("pages", true)) {
            ChannelCursorStore cursors = first.getBean(ChannelCursorStore.class);
            // Pages 1 and 2 are stored; page 3 failed: the run stops half-way, as a crash would.
            await().atMost(Duration.ofSeconds(60)).until(() -> cursors.find(CHANNEL)
                    .map(c -> c.pageToken() != null && c.lastError() != null).orElse(false));
            assertThat(messages(first, CHANNEL)).isEqualTo(100);
            queriesBeforeStop = octopia.listQueries().size();
        }
        octopia.clearFaults();
        try (ConfigurableApplicationContext second = start("pages", true)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(second, CHANNEL) == 120
                    && second.getBean(ChannelCursorStore.class).find(CHANNEL).map(c -> c.pageToken() == null).orElse(false));
            // The new run of the service went on with page 3 of the same query, not a new run from page 1.
            Map<String, String> resumed = octopia.listQueries().get(queriesBeforeStop);
            assertThat(octopia.listQueries().subList(0, queriesBeforeStop)).extracting(q -> q.get("pageIndex"))
                    .doesNotContain("4");
            assertThat(resumed.get("pageIndex")).isEqualTo("3");
            assertThat(resumed.get("updatedAtMin")).isEqualTo(octopia.listQueries().get(0).get("updatedAtMin"));
            assertThat(conversations(second, CHANNEL)).isEqualTo(120);
            assertThat(doubledMessages(second, CHANNEL)).isZero();
        }
    }

    @Test
    void closeAcceptedBeforeAStopIsDeliveredOnceAfterTheRestart() {
        String discussion = octopia.openDiscussion("CD-RESTART", "990", "Merci", "Bonjour, merci pour tout.");
        octopia.sellerWritesInPortal(discussion, "Avec plaisir, bonne journée.");
        long id;
        // A node that does not dispatch: the close is stored and waits, as if the node died right after the commit.
        try (ConfigurableApplicationContext first = start("close", false)) {
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "select count(*) from conversation where external_thread_id = ? and status = 'WAITING_CUSTOMER'")
                    .param(1, discussion).query(Long.class).single() == 1);
            id = jdbc.sql("select id from conversation where external_thread_id = ?").param(1, discussion).query(Long.class).single();
            Api.Response closed = new Api(port(first)).post("/api/conversations/" + id + "/close", null);
            assertThat(closed.status()).as(closed.body()).isEqualTo(200);
            assertThat(octopia.isOpen(discussion)).isTrue();
        }
        try (ConfigurableApplicationContext second = start("close", true)) {
            ConversationEvents events = second.getBean(ConversationEvents.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !octopia.isOpen(discussion)
                    && events.of(id).stream().anyMatch(e -> e.kind() == ConversationEventKind.SOURCE_CLOSED));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                    octopia.requestCount("PATCH", "/seller/v2/discussions/" + discussion) == 1);
            assertThat(events.of(id)).filteredOn(e -> e.kind() == ConversationEventKind.SOURCE_CLOSED).hasSize(1);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private ConfigurableApplicationContext start(String database, boolean dispatch) {
        Map<String, String> p = RestartableService.properties(dataDir, database);
        p.putAll(OctopiaTestChannels.timeouts());
        p.put("omniqueue.outbox.dispatch", String.valueOf(dispatch));
        p.putAll(OctopiaTestChannels.channel(3, CHANNEL, octopia, 50));
        return RestartableService.start(p);
    }
}
