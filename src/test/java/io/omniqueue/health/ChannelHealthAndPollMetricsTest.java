package io.omniqueue.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.PrometheusScrape;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each channel's health under {@code /actuator/health} and the poll metrics, with Mirakl
 * channels polled every second against Mirakl simulators: one healthy, one whose key gets
 * revoked, one whose API answers 500 from the start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot tests export no metrics unless asked: the Prometheus registry is what is under test.
@AutoConfigureObservability(tracing = false)
@Import(TestClockConfiguration.class)
class ChannelHealthAndPollMetricsTest {

    static final MiraklSimulator polled = MiraklSimulator.start(0, "polled-key", "Omni Shop");
    static final MiraklSimulator revoked = MiraklSimulator.start(0, "revoked-key", "Omni Shop");
    static final MiraklSimulator down = MiraklSimulator.start(0, "down-key", "Omni Shop");

    static {
        down.rejectAllWith(500);
    }

    @TempDir
    static Path dataDir;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcClient jdbc;


    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "health"));
        TestChannels.register(registry, TestChannels.mirakl(3, "polled-mirakl", polled.baseUrl(), "polled-key"));
        TestChannels.register(registry, TestChannels.mirakl(4, "revoked-mirakl", revoked.baseUrl(), "revoked-key"));
        TestChannels.register(registry, TestChannels.mirakl(5, "down-mirakl", down.baseUrl(), "down-key"));
        registry.add("omniqueue.polling.failure-backoff", () -> "5s");
        registry.add("omniqueue.health.backing-off-limit", () -> "10m");
        registry.add("omniqueue.metrics.refresh", () -> "200ms");
    }


    @AfterAll
    static void stopSimulators() {
        List.of(polled, revoked, down).forEach(MiraklSimulator::close);
    }

    Api api() {
        return new Api(port);
    }

    /** Actuator asks for no token: a monitor and Docker call it as they are, and see the status only. */
    Api.Response actuator(String path) {
        return api().send("GET", path, null, Map.of());
    }

    /** With a token, health shows the components and their details. */
    Api.Response actuatorWithToken(String path) {
        return api().send("GET", path, null, Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
    }

    JsonNode channelHealth(String channelId) {
        return actuatorWithToken("/actuator/health").json().path("components").path("channels").path("components").path(channelId);
    }

    // ---------------------------------------------------------------- health

    @Test
    void healthShowsEveryChannelUnderChannelsWithItsDetailsToATokenOnly() {
        JsonNode channels = actuatorWithToken("/actuator/health").json().path("components").path("channels");
        assertThat(channels.path("components").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "web-shop", "paging-shop", "paris-shop", "polled-mirakl", "revoked-mirakl", "down-mirakl");

        JsonNode webhook = channels.path("components").path("web-shop");
        assertThat(webhook.path("status").asText()).isEqualTo("UP");
        assertThat(webhook.path("details").path("kind").asText()).isEqualTo("webhook");
        assertThat(webhook.path("details").path("polled").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(20)).until(() -> channelHealth("polled-mirakl").path("details").has("lastSuccessAt"));
        JsonNode mirakl = channelHealth("polled-mirakl");
        assertThat(mirakl.path("status").asText()).isEqualTo("UP");
        assertThat(mirakl.path("details").path("state").asText()).isEqualTo("ACTIVE");
        assertThat(mirakl.path("details").path("circuitBreaker").asText()).isEqualTo("CLOSED");
        assertThat(mirakl.path("details").path("kind").asText()).isEqualTo("mirakl");
        // One channel is enough for the path of its own.
        assertThat(actuatorWithToken("/actuator/health/channels/polled-mirakl").json().path("status").asText()).isEqualTo("UP");
        // Without a token: the status, nothing of the channels (their errors name hosts and users).
        Api.Response anonymous = actuator("/actuator/health");
        assertThat(anonymous.json().has("status")).isTrue();
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(anonymous.body()).doesNotContain("polled-mirakl");
        assertThat(actuator("/actuator/health/channels/polled-mirakl").status()).isEqualTo(404);
    }

    @Test
    void revokedKeyTurnsItsChannelDownWithTheLastErrorWhileLivenessAndReadinessStayUp() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(channelHealth("revoked-mirakl")
                .path("details").path("state").asText()));
        assertThat(channelHealth("revoked-mirakl").path("status").asText()).isEqualTo("UP");

        revoked.rejectAllWith(401);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(channelHealth("revoked-mirakl").path("status").asText()));
        JsonNode details = channelHealth("revoked-mirakl").path("details");
        assertThat(details.path("state").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(details.path("lastError").asText()).contains("401").contains("API key");
        assertThat(details.path("lastSuccessAt").asText()).isNotEmpty();
        assertThat(details.path("circuitBreaker").asText()).isEqualTo("CLOSED");

        Api.Response overall = actuatorWithToken("/actuator/health");
        assertThat(overall.status()).isEqualTo(503);
        assertThat(overall.json().path("components").path("channels").path("status").asText()).isEqualTo("DOWN");
        // A monitor without a token still sees that something is down, and nothing about what.
        Api.Response anonymous = actuator("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(503);
        assertThat(anonymous.json().path("status").asText()).isEqualTo("DOWN");
        assertThat(anonymous.body()).doesNotContain("API key").doesNotContain("revoked-mirakl");
        assertThat(channelHealth("polled-mirakl").path("status").asText()).isEqualTo("UP");
        // What Docker's health check calls: a marketplace refusing our key must not restart the container.
        Api.Response liveness = actuator("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("status").asText()).isEqualTo("UP");
        Api.Response readiness = actuator("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void channelBackingOffStaysUpWithinTheLimitAndIsOutOfServiceBeyondIt() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "BACKING_OFF".equals(channelHealth("down-mirakl")
                .path("details").path("state").asText()));
        assertThat(channelHealth("down-mirakl").path("status").asText()).isEqualTo("UP");
        assertThat(channelHealth("down-mirakl").path("details").path("lastError").asText()).contains("500");

        // Never a success since this node started, and now longer than the 10 min limit.
        clock.advance(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(20)).until(() -> "OUT_OF_SERVICE".equals(channelHealth("down-mirakl")
                .path("status").asText()));
        assertThat(channelHealth("down-mirakl").path("details").path("state").asText()).isEqualTo("BACKING_OFF");
        assertThat(actuator("/actuator/health/liveness").status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- poll metrics

    @Test
    void miraklPollRunsAreTimedAndTheirLagIsMeasuredFromTheLastSuccessfulPoll() throws Exception {
        String thread = polled.openThread("MIR-METRICS-1", "Ana", "Where is my parcel?");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from conversation where channel_id = 'polled-mirakl' and external_thread_id = :t")
                .param("t", thread).query(Long.class).single() == 1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.of(api());
            assertThat(scrape.require("omniqueue_poll_duration_seconds_count", "channel", "polled-mirakl")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.require("omniqueue_poll_duration_seconds_sum", "channel", "polled-mirakl")).isPositive();
            assertThat(scrape.require("omniqueue_conversations_open", "channel", "polled-mirakl")).isEqualTo(1);
            // Before its first success a polled channel has no lag to show; a webhook has no lag at all.
            assertThat(scrape.require("omniqueue_poll_lag_seconds", "channel", "down-mirakl")).isNaN();
            assertThat(scrape.value("omniqueue_poll_lag_seconds", "channel", "web-shop")).isEmpty();
        });

        // Polling stopped, time goes on: the lag is the time since the last success.
        camel.getRouteController().stopRoute("poll-polled-mirakl");
        try {
            Instant lastSuccess = jdbc.sql("select last_success_at from channel_cursor where channel_id = 'polled-mirakl'")
                    .query((rs, n) -> io.omniqueue.platform.SqlTime.read(rs, "last_success_at")).single();
            clock.advance(Duration.ofSeconds(90));
            double expected = Duration.between(lastSuccess, clock.instant()).toMillis() / 1000.0;
            assertThat(expected).isGreaterThanOrEqualTo(90);
            await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusScrape.of(api())
                    .require("omniqueue_poll_lag_seconds", "channel", "polled-mirakl") == expected);
        } finally {
            camel.getRouteController().startRoute("poll-polled-mirakl");
        }
    }
}
