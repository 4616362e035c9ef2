package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who a token is, how wrong tokens are slowed, what answers carry, and what health shows to whom,
 * over HTTP as a caller sees them. Every request comes from 127.0.0.1, one client for the limiter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class ApiSecurityTest {

    static final String BOT = "helpdesk-bot";
    static final String PLAIN_TOKEN = "plain-token-for-tests";

    @TempDir
    static Path dataDir;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        // One named token and one plain entry in the same list: both forms keep working together.
        p.remove("omniqueue.security.api-tokens");
        p.put("omniqueue.security.api-tokens[0].name", BOT);
        p.put("omniqueue.security.api-tokens[0].token", TestChannels.TOKEN);
        p.put("omniqueue.security.api-tokens[1]", PLAIN_TOKEN);
        p.put("spring.datasource.url", TestChannels.h2File(dataDir, "security"));
        TestChannels.register(registry, p);
    }

    /** Each test starts past any lockout and failure window another test left behind (defaults: 1 min each). */
    @BeforeEach
    void forgetEarlierFailures() {
        clock.advance(Duration.ofMinutes(5));
    }

    Api api() {
        return new Api(port);
    }

    Api.Response get(String path, String token) {
        return api().send("GET", path, null, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    long conversation() {
        String thread = "sec-" + UUID.randomUUID();
        Api.Response r = api().post("/api/inbound/web-shop", Api.webhookMessage(thread, thread + "-1", "2026-11-23T09:00:00Z"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    // ---------------------------------------------------------------- identity

    @Test
    void theTokensNameIsWhoDecidedAndTheAgentHeaderOnlyWhomItActedFor() {
        long id = conversation();
        Api.Response r = api().post("/api/conversations/" + id + "/no-reply-needed", "{\"reason\":\"Thanks only\"}",
                Map.of(Caller.AGENT_HEADER, "marie"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("noReplyNeeded").get("by").asText()).isEqualTo("helpdesk-bot (on behalf of marie)");

        long other = conversation();
        Api.Response withoutAgent = api().post("/api/conversations/" + other + "/no-reply-needed", "{\"reason\":\"Spam\"}");
        assertThat(withoutAgent.json().get("noReplyNeeded").get("by").asText()).isEqualTo(BOT);
    }

    @Test
    void aReplysAuthorIsTheTokensNameOnBehalfOfTheAgent() {
        long id = conversation();
        Api.Response r = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"On its way\"}",
                Map.of(Caller.AGENT_HEADER, "paul"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode messages = api().get("/api/conversations/" + id).json().get("messages");
        assertThat(messages.get(messages.size() - 1).get("author").asText()).isEqualTo("helpdesk-bot (on behalf of paul)");
    }

    @Test
    void aPlainTokenIsNamedByItsPositionInTheList() {
        long id = conversation();
        Api.Response r = api().post("/api/conversations/" + id + "/no-reply-needed", "{\"reason\":\"Duplicate\"}",
                Map.of("Authorization", "Bearer " + PLAIN_TOKEN));
        assertThat(r.json().get("noReplyNeeded").get("by").asText()).isEqualTo("api-token-2");
    }

    @Test
    void anAgentHeaderTooLongOrWithControlCharactersIsRefusedWith400NamingIt() {
        long id = conversation();
        String path = "/api/conversations/" + id + "/no-reply-needed";
        Api.Response tooLong = api().post(path, "{\"reason\":\"x\"}", Map.of(Caller.AGENT_HEADER, "a".repeat(101)));
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(tooLong.json().get("detail").asText()).contains("X-Omniqueue-Agent").contains("100");

        Api.Response control = api().post(path, "{\"reason\":\"x\"}", Map.of(Caller.AGENT_HEADER, "mar\tie"));
        assertThat(control.status()).as(control.body()).isEqualTo(400);
        assertThat(control.json().get("detail").asText()).contains("X-Omniqueue-Agent").contains("control character");

        assertThat(api().get("/api/conversations/" + id).json().get("status").asText()).as("nothing decided").isEqualTo("NEEDS_REPLY");
        Api.Response longest = api().post(path, "{\"reason\":\"x\"}", Map.of(Caller.AGENT_HEADER, "a".repeat(100)));
        assertThat(longest.status()).as(longest.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- wrong tokens

    @Test
    void tenWrongTokensAre401ThenTheClientGets429WithRetryAfterUntilTheLockoutPasses() {
        for (int i = 1; i <= 10; i++) {
            Api.Response wrong = get("/api/conversations", "guess-" + i);
            assertThat(wrong.status()).as("guess %d", i).isEqualTo(401);
        }
        Api.Response locked = get("/api/conversations", "guess-11");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isEqualTo("60");
        assertThat(locked.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(locked.json().get("detail").asText()).contains("too many wrong tokens");

        // The right token is refused too while the lockout lasts: were it let in, a guesser would
        // go on guessing and recognize the right token by its different answer.
        assertThat(get("/api/conversations", TestChannels.TOKEN).status()).isEqualTo(429);
        assertThat(get("/api/conversations", null).status()).isEqualTo(429);
        // Outside /api a token is refused as well, but the anonymous health checks go on.
        assertThat(get("/actuator/health", TestChannels.TOKEN).status()).isEqualTo(429);
        assertThat(get("/actuator/health/liveness", null).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(30));
        assertThat(get("/api/conversations", TestChannels.TOKEN).header("Retry-After")).isEqualTo("30");
        clock.advance(Duration.ofSeconds(30));
        assertThat(get("/api/conversations", TestChannels.TOKEN).status()).isEqualTo(200);
    }

    @Test
    void aMissingTokenIsNotAGuessAndIsNeverCounted() {
        for (int i = 0; i < 15; i++) {
            assertThat(get("/api/conversations", null).status()).isEqualTo(401);
        }
        assertThat(get("/api/conversations", TestChannels.TOKEN).status()).isEqualTo(200);
    }

    @Test
    void refusalsAreProblemDocumentsSayingWhetherTheTokenIsMissingOrWrong() {
        Api.Response missing = get("/api/conversations", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"omniqueue\"");
        assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(missing.json().get("detail").asText()).contains("missing bearer token");
        assertThat(missing.json().get("instance").asText()).isEqualTo("/api/conversations");

        Api.Response wrong = get("/api/conversations", "wrong");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"omniqueue\"");
        assertThat(wrong.json().get("detail").asText()).isEqualTo("the bearer token is not valid");
    }

    // ---------------------------------------------------------------- headers

    @Test
    void apiAnswersAreNeitherSniffedNorStored() {
        for (Api.Response r : new Api.Response[] {get("/api/conversations", TestChannels.TOKEN), get("/api/conversations", null),
                get("/api/conversations/999999999", TestChannels.TOKEN)}) {
            assertThat(r.headers().allValues("X-Content-Type-Options")).as("%d", r.status()).containsExactly("nosniff");
            assertThat(r.headers().allValues("Cache-Control")).as("%d", r.status()).containsExactly("no-store");
        }
        assertThat(get("/api/conversations", null).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- health and public paths

    @Test
    void anonymousHealthShowsOnlyTheStatus() {
        Api.Response health = get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        // The status, and the names of the probe groups Spring Boot lists beside it: nothing about a component.
        assertThat(health.json().fieldNames()).toIterable().containsExactlyInAnyOrder("status", "groups");
        assertThat(health.json().get("groups")).extracting(JsonNode::asText).containsExactlyInAnyOrder("liveness", "readiness");
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        // Nor can a component be read on its own path.
        assertThat(get("/actuator/health/channels", null).status()).isEqualTo(404);
    }

    @Test
    void healthWithATokenShowsEachChannelsDetails() {
        JsonNode health = get("/actuator/health", TestChannels.TOKEN).json();
        JsonNode webShop = health.path("components").path("channels").path("components").path("web-shop");
        assertThat(webShop.path("details").path("kind").asText()).isEqualTo("webhook");
        assertThat(health.path("components").path("diskSpace").path("details").has("path")).isTrue();
        assertThat(get("/actuator/health/channels/web-shop", PLAIN_TOKEN).json().path("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health", "wrong").status()).as("a wrong token is refused, not ignored").isEqualTo(401);
    }

    @Test
    void onlyTheProbesAreAnonymousTheRestOfTheActuatorAndTheApiDocumentNeedAToken() {
        for (String path : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            Api.Response probe = get(path, null);
            assertThat(probe.status()).as(path).isEqualTo(200);
            assertThat(probe.json().get("status").asText()).isEqualTo("UP");
        }
        // (/actuator/prometheus too: QueueMetricsContract scrapes it with a token; tests export no metrics here.)
        for (String path : new String[] {"/actuator/info", "/v3/api-docs"}) {
            Api.Response anonymous = get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.header("Content-Type")).as(path).isEqualTo("application/problem+json");
            Api.Response withToken = get(path, PLAIN_TOKEN);
            assertThat(withToken.status()).as(path).isEqualTo(200);
            assertThat(withToken.header("Set-Cookie")).as("a token opens no session").isNull();
        }
        // No session, no cookie, so no CSRF token is asked of a POST outside /api (the demo sandbox
        // receives replies that way): this one is simply not found, as the demo is off.
        assertThat(api().send("POST", "/demo/webhook-sandbox", "{}", Map.of()).status()).isEqualTo(404);
    }
}
