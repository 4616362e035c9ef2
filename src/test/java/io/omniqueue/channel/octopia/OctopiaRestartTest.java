package io.omniqueue.channel.octopia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.OmniqueueApplication;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.sandbox.octopia.OctopiaSimulator;
import io.omniqueue.support.Api;
import io.omniqueue.support.TestChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service stops mid-way (between two pages of a poll, between a close and its delivery) and starts again. */
class OctopiaRestartTest {

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
            await().atMost(Duration.ofSeconds(60)).until(() -> cursors.find("restart-octopia")
                    .map(c -> c.pageToken() != null && c.lastError() != null).orElse(false));
            assertThat(messages(first)).isEqualTo(100);
            queriesBeforeStop = octopia.listQueries().size();
        }
        octopia.clearFaults();
        try (ConfigurableApplicationContext second = start("pages", true)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(second) == 120
                    && second.getBean(ChannelCursorStore.class).find("restart-octopia").map(c -> c.pageToken() == null).orElse(false));
            // The new run of the service went on with page 3 of the same query, not a new run from page 1.
            Map<String, String> resumed = octopia.listQueries().get(queriesBeforeStop);
            assertThat(octopia.listQueries().subList(0, queriesBeforeStop)).extracting(q -> q.get("pageIndex"))
                    .doesNotContain("4");
            assertThat(resumed.get("pageIndex")).isEqualTo("3");
            assertThat(resumed.get("updatedAtMin")).isEqualTo(octopia.listQueries().get(0).get("updatedAtMin"));
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from conversation where channel_id = 'restart-octopia'").query(Long.class).single())
                    .isEqualTo(120L);
            assertThat(jdbc.sql("""
                    select count(*) from (select external_message_id from message where channel_id = 'restart-octopia'
                    group by external_message_id having count(*) > 1) doubled""").query(Long.class).single()).isZero();
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

    private static long messages(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("select count(*) from message where channel_id = 'restart-octopia'")
                .query(Long.class).single();
    }

    private ConfigurableApplicationContext start(String database, boolean dispatch) {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        p.putAll(OctopiaTestChannels.timeouts());
        p.put("spring.datasource.url", TestChannels.h2File(dataDir, database));
        p.put("server.port", "0");
        p.put("omniqueue.polling.failure-backoff", "1s");
        p.put("omniqueue.outbox.dispatch", String.valueOf(dispatch));
        p.putAll(OctopiaTestChannels.channel(3, "restart-octopia", octopia, 50));
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(OmniqueueApplication.class).run(args);
    }
}
