package io.omniqueue.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.PrometheusScrape;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The queue's gauges as Prometheus scrapes them, after real ingests and real reply attempts, the
 * same on every database: subclasses only say which. Each test has channels of its own, so the
 * figures it expects are exact whatever ran before it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot tests export no metrics unless asked: the Prometheus registry is what is under test.
@AutoConfigureObservability(tracing = false)
@Import(TestClockConfiguration.class)
abstract class QueueMetricsContract {

    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        callback.start();
        // A receiver that is down for a day: the reply stays PENDING, waiting for its Retry-After.
        callback.stubFor(post(urlEqualTo("/outbox-retry")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "86400")));
        // A receiver that refuses the reply: FAILED at the first attempt.
        callback.stubFor(post(urlEqualTo("/outbox-reject")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"unknown thread\"}")));
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    AlertMetrics alerts;

    static void commonProperties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(callback.baseUrl()));
        int i = 3;
        for (String id : new String[] {"figures-a", "figures-b", "figures-cache", "outbox-retry", "outbox-reject",
            "figures-sites"}) {
            String prefix = "omniqueue.channels[" + i++ + "].";
            registry.add(prefix + "id", () -> id);
            registry.add(prefix + "kind", () -> "webhook");
            registry.add(prefix + "callback-url", () -> callback.baseUrl() + "/" + id);
        }
        registry.add("omniqueue.metrics.refresh", () -> "200ms");
    }

    @AfterAll
    static void resetCallback() {
        callback.resetRequests();
    }

    Api api() {
        return new Api(port);
    }

    PrometheusScrape scrape() {
        return PrometheusScrape.of(api());
    }

    /** A customer message sent at {@code sentAt}, through the web form endpoint; its conversation's id. */
    long customerWrote(String channel, Instant sentAt) {
        String thread = "t-" + UUID.randomUUID();
        Api.Response r = api().post("/api/inbound/" + channel, Api.webhookMessage(thread, thread + "/m-1", sentAt.toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    long postReply(long conversationId) {
        Api.Response r = api().post("/api/conversations/" + conversationId + "/replies", "{\"body\":\"We are on it.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("replyId").asLong();
    }

    double gauge(PrometheusScrape scrape, String name, String channel) {
        return scrape.require(name, "channel", channel);
    }

    // ---------------------------------------------------------------- conversations

    @Test
    void waitingConversationsAreCountedPerChannelAsOpenAtRiskAndBreachedWithTheOldestAge() {
        Instant now = clock.instant();
        // Both channels keep the default 24 h wall-clock deadline: due = sentAt + 24 h.
        customerWrote("figures-a", now.minus(Duration.ofHours(1)));                 // due in 23 h
        customerWrote("figures-a", now.minus(Duration.ofHours(21)));                // due in 3 h: at risk
        customerWrote("figures-a", now.minus(Duration.ofHours(30)));                // 6 h late: breached
        String answered = "answered-" + UUID.randomUUID();
        producer.requestBody("direct:ingest", InboundMessage.fromCustomer("figures-a", answered, answered + "/1", "Ana",
                null, "Hi", "Hello?", now.minus(Duration.ofHours(40)), null), IngestResult.class);
        // Answered from the marketplace's back office: no longer waiting, so counted nowhere.
        producer.requestBody("direct:ingest", new InboundMessage("figures-a", answered, answered + "/2", Direction.OUTBOUND,
                AuthorRole.SHOP, "Shop", null, null, "Hello!", now.minus(Duration.ofHours(39)), null, false, null),
                IngestResult.class);
        customerWrote("figures-b", now.minus(Duration.ofHours(2)));                 // due in 22 h
        customerWrote("figures-b", now.minus(Duration.ofMinutes(23 * 60 + 30)));    // due in 30 min: at risk

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(gauge(scrape, "omniqueue_conversations_open", "figures-a")).isEqualTo(3);
            assertThat(gauge(scrape, "omniqueue_conversations_at_risk", "figures-a")).isEqualTo(1);
            assertThat(gauge(scrape, "omniqueue_conversations_breached", "figures-a")).isEqualTo(1);
            assertThat(gauge(scrape, "omniqueue_oldest_unanswered_seconds", "figures-a")).isEqualTo(30 * 3600);

            assertThat(gauge(scrape, "omniqueue_conversations_open", "figures-b")).isEqualTo(2);
            assertThat(gauge(scrape, "omniqueue_conversations_at_risk", "figures-b")).isEqualTo(1);
            assertThat(gauge(scrape, "omniqueue_conversations_breached", "figures-b")).isZero();
            assertThat(gauge(scrape, "omniqueue_oldest_unanswered_seconds", "figures-b")).isEqualTo(23.5 * 3600);

            // A channel with nothing waiting says so with zeros, not with a missing series.
            assertThat(scrape.require("omniqueue_conversations_open", "channel", "paris-shop", "marketplace", "shop")).isZero();
            assertThat(gauge(scrape, "omniqueue_conversations_open", "paris-shop")).isZero();
            assertThat(gauge(scrape, "omniqueue_conversations_at_risk", "paris-shop")).isZero();
            assertThat(gauge(scrape, "omniqueue_conversations_breached", "paris-shop")).isZero();
            assertThat(gauge(scrape, "omniqueue_oldest_unanswered_seconds", "paris-shop")).isZero();
        });
    }

    @Test
    void waitingConversationsAreCountedPerMarketplaceAndAMarketplaceSeenLaterGetsItsOwnGauges() {
        Instant now = clock.instant();
        customerWrote("figures-sites", now.minus(Duration.ofHours(1)));            // the channel's own: shop
        String thread = "t-" + UUID.randomUUID();
        producer.requestBody("direct:ingest", new InboundMessage("figures-sites", thread, thread + "/1", Direction.INBOUND,
                AuthorRole.CUSTOMER, "Ana", null, "Hi", "Hello?", now.minus(Duration.ofHours(30)), null, true, null,
                java.util.List.of(), null, null, "amazon.de"), IngestResult.class);  // 6 h late

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.require("omniqueue_conversations_open", "channel", "figures-sites", "marketplace", "shop"))
                    .isEqualTo(1);
            assertThat(scrape.require("omniqueue_conversations_breached", "channel", "figures-sites", "marketplace", "shop"))
                    .isZero();
            assertThat(scrape.require("omniqueue_conversations_open", "channel", "figures-sites", "marketplace", "amazon.de"))
                    .isEqualTo(1);
            assertThat(scrape.require("omniqueue_conversations_breached", "channel", "figures-sites", "marketplace",
                    "amazon.de")).isEqualTo(1);
            assertThat(scrape.require("omniqueue_oldest_unanswered_seconds", "channel", "figures-sites", "marketplace",
                    "amazon.de")).isEqualTo(30 * 3600);
        });
        // Every queue gauge carries both labels: Prometheus wants one set of label names per metric.
        for (String name : new String[] {"omniqueue_conversations_open", "omniqueue_conversations_at_risk",
            "omniqueue_conversations_breached", "omniqueue_oldest_unanswered_seconds"}) {
            assertThat(scrape().find(name)).isNotEmpty().allSatisfy(sample ->
                    assertThat(sample.labels().keySet()).as(name).containsExactlyInAnyOrder("channel", "marketplace"));
        }
    }

    @Test
    void gaugesShowTheLastRefreshAndNeverQueryTheDatabaseAtAScrape() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gauge(scrape(), "omniqueue_conversations_open", "figures-cache") == 0);
        camel.getRouteController().stopRoute("metrics-refresh");
        try {
            customerWrote("figures-cache", clock.instant());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> gauge(scrape(), "omniqueue_conversations_open", "figures-cache") == 0);
        } finally {
            camel.getRouteController().startRoute("metrics-refresh");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gauge(scrape(), "omniqueue_conversations_open", "figures-cache") == 1);
        assertThat(scrape().require("omniqueue_metrics_age_seconds")).isZero();
    }

    // ---------------------------------------------------------------- outbox

    @Test
    void messagesStoredPerIngestTransactionAreSummarised() {
        double before = scrape().value("omniqueue_ingest_batch_messages_sum").orElse(0);
        // A channel whose gauges the other tests here do not count.
        customerWrote(TestChannels.WEB_SHOP, clock.instant());
        customerWrote(TestChannels.WEB_SHOP, clock.instant());
        PrometheusScrape scrape = scrape();
        assertThat(scrape.require("omniqueue_ingest_batch_messages_sum") - before).as("messages stored").isEqualTo(2);
        assertThat(scrape.require("omniqueue_ingest_batch_messages_count")).as("transactions").isPositive();
    }

    @Test
    void aMessageReceivedAgainIsCountedAsResentAndCostsNoIngestTransaction() {
        String thread = "t-" + UUID.randomUUID();
        String message = Api.webhookMessage(thread, thread + "/m-1", clock.instant().toString());
        Api.Response first = api().post("/api/inbound/" + TestChannels.WEB_SHOP, message);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        PrometheusScrape before = scrape();

        Api.Response again = api().post("/api/inbound/" + TestChannels.WEB_SHOP, message);

        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().get("conversationId").asLong()).isEqualTo(first.json().get("conversationId").asLong());
        PrometheusScrape after = scrape();
        assertThat(after.require("omniqueue_ingest_resent_messages_total")
                - before.value("omniqueue_ingest_resent_messages_total").orElse(0)).as("resent").isEqualTo(1);
        assertThat(after.require("omniqueue_ingest_batch_messages_count"))
                .as("ingest transactions").isEqualTo(before.require("omniqueue_ingest_batch_messages_count"));
    }

    @Test
    void outboxGaugesCountPendingAndFailedReplies() {
        long waiting = postReply(customerWrote("outbox-retry", clock.instant()));
        long refused = postReply(customerWrote("outbox-reject", clock.instant()));
        long refusedToo = postReply(customerWrote("outbox-reject", clock.instant()));
        await().atMost(Duration.ofSeconds(10)).until(() -> reply(waiting).contains("\"attempts\":1")
                && reply(refused).contains("FAILED") && reply(refusedToo).contains("FAILED"));
        assertThat(reply(waiting)).contains("PENDING").contains("503");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.require("omniqueue_outbox_replies", "status", "pending")).isEqualTo(1);
            assertThat(scrape.require("omniqueue_outbox_replies", "status", "failed")).isEqualTo(2);
        });
    }

    private String reply(long id) {
        return api().get("/api/replies/" + id).body();
    }

    // ---------------------------------------------------------------- alerts

    @Test
    void alertsSentAreCountedByKindAndChannel() {
        alerts.alertSent("breached", "figures-a");
        alerts.alertSent("breached", "figures-a");
        alerts.alertSent("at-risk", "figures-a");
        alerts.alertSent("outbox-failed", null);

        PrometheusScrape scrape = scrape();
        assertThat(scrape.require("omniqueue_alerts_sent_total", "kind", "breached", "channel", "figures-a")).isEqualTo(2);
        assertThat(scrape.require("omniqueue_alerts_sent_total", "kind", "at-risk", "channel", "figures-a")).isEqualTo(1);
        assertThat(scrape.require("omniqueue_alerts_sent_total", "kind", "outbox-failed", "channel", AlertMetrics.NO_CHANNEL))
                .isEqualTo(1);
    }
}
