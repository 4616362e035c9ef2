package io.omniqueue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Working as a team (issue 11) through the REST API, the same on every database: assignment and
 * the queue's assignee filter, the send guard, the audit trail and the agents' day.
 * {@code test-token} signs in as {@code api-token-1}, {@code second-token} as {@code api-token-2}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
abstract class TeamWorkContract {

    static final String AGENT_1 = "api-token-1";
    static final String AGENT_2 = "api-token-2";
    static final Map<String, String> AS_AGENT_2 = Map.of("Authorization", "Bearer second-token");

    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        callback.start();
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;

    Api api;

    static void commonProperties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(callback.baseUrl()));
    }

    @AfterAll
    static void resetCallback() {
        callback.resetAll();
    }

    Api api() {
        if (api == null) {
            api = new Api(port);
        }
        return api;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static MappingBuilder callbackFor(String thread) {
        return post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(thread)));
    }

    long ingest(String thread, String message, Instant sentAt) {
        Api.Response r = api().post("/api/inbound/web-shop", Api.webhookMessage(thread, thread + "/" + message, sentAt.toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    long ingest(String thread, String message) {
        return ingest(thread, message, clock.instant());
    }

    JsonNode conversation(long id) {
        Api.Response r = api().get("/api/conversations/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    long newestMessageId(long conversationId) {
        JsonNode messages = conversation(conversationId).get("messages");
        return messages.get(messages.size() - 1).get("id").asLong();
    }

    Api.Response assign(long id, String agentJson, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putIfAbsent("Authorization", "Bearer " + TestChannels.TOKEN);
        return api().send("PUT", "/api/conversations/" + id + "/assignee", "{\"agent\":" + agentJson + "}", all);
    }

    Api.Response assign(long id, String agentJson) {
        return assign(id, agentJson, Map.of());
    }

    /** Every id the queue lists with this query, page after page. */
    List<Long> queue(String query, int limit, Map<String, String> headers) {
        List<Long> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.putIfAbsent("Authorization", "Bearer " + TestChannels.TOKEN);
            Api.Response page = api().send("GET", "/api/conversations?" + query + "&limit=" + limit
                    + (after == null ? "" : "&after=" + after), null, all);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
            after = page.json().get("next").isNull() ? null : page.json().get("next").asText();
        } while (after != null && ++pages < 1000);
        return ids;
    }

    List<Long> queue(String query) {
        return queue(query, 200, Map.of());
    }

    Api.Response reply(long id, String json, Map<String, String> headers) {
        return api().post("/api/conversations/" + id + "/replies", json, headers);
    }

    // ---------------------------------------------------------------- assignment

    @Test
    void takenConversationIsTheCallersAndLeavesTheUnassignedQueue() {
        long taken = ingest(unique("t"), "m-1");
        long left = ingest(unique("t"), "m-1");

        Api.Response r = assign(taken, "\"" + AGENT_1 + "\"");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("assignee").asText()).isEqualTo(AGENT_1);
        assertThat(conversation(left).get("assignee").isNull()).isTrue();
        assertThat(queue("assignee=me")).contains(taken).doesNotContain(left);
        assertThat(queue("assignee=me", 200, AS_AGENT_2)).doesNotContain(taken, left);
        assertThat(queue("assignee=none")).contains(left).doesNotContain(taken);
        assertThat(queue("assignee=" + AGENT_1)).contains(taken).doesNotContain(left);
        assertThat(queue("")).contains(taken, left);
    }

    @Test
    void conversationAssignedToAnotherAgentAndThenToNobodyMovesBetweenTheFilters() {
        String agent = unique("ana");
        long id = ingest(unique("t"), "m-1");

        assertThat(assign(id, "\"" + agent + "\"").status()).isEqualTo(200);
        assertThat(queue("assignee=" + agent)).containsExactly(id);
        assertThat(queue("assignee=none")).doesNotContain(id);

        Api.Response unassigned = assign(id, "null");
        assertThat(unassigned.status()).as(unassigned.body()).isEqualTo(200);
        assertThat(unassigned.json().get("assignee").isNull()).isTrue();
        assertThat(queue("assignee=" + agent)).isEmpty();
        assertThat(queue("assignee=none")).contains(id);
    }

    @Test
    void assigneeFilterPagesByKeysetWithoutSkippingOrRepeating() {
        String agent = unique("bo");
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long id = ingest(unique("t"), "m-1");
            assign(id, "\"" + agent + "\"");
            mine.add(id);
            clock.advance(Duration.ofSeconds(3));
        }
        ingest(unique("t"), "m-1");

        List<Long> seen = queue("assignee=" + agent + "&status=NEEDS_REPLY", 2, Map.of());

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void newCustomerMessageKeepsTheAssignee() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)));
        long id = ingest(thread, "m-1");
        assign(id, "\"" + AGENT_1 + "\"");
        assertThat(reply(id, "{\"body\":\"On its way\"}", Map.of()).status()).isEqualTo(202);
        clock.advance(Duration.ofMinutes(1));

        ingest(thread, "m-2");

        JsonNode after = conversation(id);
        assertThat(after.get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(after.get("assignee").asText()).isEqualTo(AGENT_1);
    }

    @Test
    void assigneeThatIsTooLongOrNotOneLineIsRefusedNamingTheField() {
        long id = ingest(unique("t"), "m-1");

        Api.Response tooLong = assign(id, "\"" + "a".repeat(101) + "\"");
        Api.Response control = assign(id, "\"ana\\u0007\"");
        Api.Response unknown = assign(Long.MAX_VALUE, "\"ana\"");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asText()).startsWith("agent ");
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.json().get("detail").asText()).startsWith("agent ");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(conversation(id).get("assignee").isNull()).isTrue();
        assertThat(api().get("/api/conversations?assignee=" + "a".repeat(101)).status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- send guard

    @Test
    void replyOverANewerCustomerMessageIsHeldWithTheMessageThenSentWhenForced() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)));
        long id = ingest(thread, "m-1");
        long seen = newestMessageId(id);
        clock.advance(Duration.ofMinutes(1));
        ingest(thread, "m-2");
        long newer = newestMessageId(id);

        Api.Response held = reply(id, "{\"body\":\"Yes\",\"basedOnMessageId\":" + seen + "}", Map.of());

        assertThat(held.status()).as(held.body()).isEqualTo(409);
        assertThat(held.contentType()).startsWith("application/problem+json");
        assertThat(held.json().get("detail").asText()).contains("1 new customer message").contains("force");
        assertThat(held.json().get("newer")).hasSize(1);
        JsonNode message = held.json().get("newer").get(0);
        assertThat(message.get("id").asLong()).isEqualTo(newer);
        assertThat(message.get("direction").asText()).isEqualTo("INBOUND");
        assertThat(message.get("author").asText()).isEqualTo("Ana Souza");
        assertThat(message.get("body").asText()).isEqualTo("Is it in stock?");
        assertThat(message.hasNonNull("sentAt")).isTrue();
        assertThat(conversation(id).get("messages")).hasSize(2);

        Api.Response forced = reply(id, "{\"body\":\"Yes\",\"basedOnMessageId\":" + seen + ",\"force\":true}", Map.of());
        assertThat(forced.status()).as(forced.body()).isEqualTo(202);
        Api.Response upToDate = reply(id, "{\"body\":\"And more\",\"basedOnMessageId\":" + newestMessageId(id) + "}", Map.of());
        assertThat(upToDate.status()).as(upToDate.body()).isEqualTo(202);
    }

    @Test
    void replyAfterAnotherAgentsReplyIsHeldWithThatReply() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)));
        long id = ingest(thread, "m-1");
        long seen = newestMessageId(id);
        assertThat(reply(id, "{\"body\":\"First answer\",\"basedOnMessageId\":" + seen + "}", AS_AGENT_2).status()).isEqualTo(202);

        Api.Response held = reply(id, "{\"body\":\"Second answer\",\"basedOnMessageId\":" + seen + "}", Map.of());

        assertThat(held.status()).as(held.body()).isEqualTo(409);
        assertThat(held.json().get("detail").asText()).contains("reply by " + AGENT_2);
        assertThat(held.json().get("newer")).hasSize(1);
        assertThat(held.json().get("newer").get(0).get("direction").asText()).isEqualTo("OUTBOUND");
        assertThat(held.json().get("newer").get(0).get("author").asText()).isEqualTo(AGENT_2);
        assertThat(held.json().get("newer").get(0).get("body").asText()).isEqualTo("First answer");
        // The agent's own earlier reply is no news to them.
        assertThat(reply(id, "{\"body\":\"Follow-up\",\"basedOnMessageId\":" + seen + "}", AS_AGENT_2).status()).isEqualTo(202);

        Api.Response forced = reply(id, "{\"body\":\"Second answer\",\"basedOnMessageId\":" + seen + ",\"force\":true}", Map.of());
        assertThat(forced.status()).as(forced.body()).isEqualTo(202);
    }

    @Test
    void withoutBasedOnMessageIdTheReplyIsAcceptedAsBeforeAndAnUnknownMessageIsRefused() {
        long id = ingest(unique("t"), "m-1");
        long other = ingest(unique("t"), "m-1");
        clock.advance(Duration.ofMinutes(1));

        Api.Response plain = reply(id, "{\"body\":\"Yes\"}", Map.of());
        Api.Response foreign = reply(id, "{\"body\":\"Yes\",\"basedOnMessageId\":" + newestMessageId(other) + "}", Map.of());

        assertThat(plain.status()).as(plain.body()).isEqualTo(202);
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(400);
        assertThat(foreign.json().get("detail").asText()).contains("basedOnMessageId");
    }

    @Test
    void multipartReplyOverANewerMessageIsHeldThenSentWhenForced() {
        String thread = unique("t");
        long id = ingest(thread, "m-1");
        long seen = newestMessageId(id);
        clock.advance(Duration.ofMinutes(1));
        ingest(thread, "m-2");

        Api.Response held = multipartReply(id, seen, false);
        Api.Response forced = multipartReply(id, seen, true);

        assertThat(held.status()).as(held.body()).isEqualTo(409);
        assertThat(held.json().get("newer")).hasSize(1);
        assertThat(forced.status()).as(forced.body()).isEqualTo(202);
    }

    private Api.Response multipartReply(long id, long basedOn, boolean force) {
        String boundary = "b-" + UUID.randomUUID();
        String body = part(boundary, "body", "Here it is") + part(boundary, "basedOnMessageId", String.valueOf(basedOn))
                + part(boundary, "force", String.valueOf(force)) + "--" + boundary + "--\r\n";
        return api().send("POST", "/api/conversations/" + id + "/replies", null, Map.of()) == null ? null
                : sendMultipart(id, boundary, body);
    }

    private Api.Response sendMultipart(long id, String boundary, String body) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/api/conversations/" + id + "/replies"))
                    .header("Authorization", "Bearer " + TestChannels.TOKEN)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    @Test
    void twoAgentsAnsweringFromTheSameMessageAtOnceOneIsAcceptedAndTheOtherHeld() throws Exception {
        for (int round = 0; round < 5; round++) {
            String thread = unique("race");
            // Delivered, not refused: a reply that FAILED no longer counts as newer, and the outbox may send
            // the first reply before the second agent's request is handled.
            callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)));
            long id = ingest(thread, "m-1");
            long seen = newestMessageId(id);
            String first = "{\"body\":\"From agent 1\",\"basedOnMessageId\":" + seen + "}";
            String second = "{\"body\":\"From agent 2\",\"basedOnMessageId\":" + seen + "}";

            List<Api.Response> answers = allAtOnce(List.of(
                    () -> reply(id, first, Map.of()),
                    () -> reply(id, second, AS_AGENT_2)));

            assertThat(answers).extracting(Api.Response::status).as(answers.toString()).containsExactlyInAnyOrder(202, 409);
            assertThat(conversation(id).get("messages")).hasSize(2);
        }
    }

    static List<Api.Response> allAtOnce(List<Callable<Api.Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (Callable<Api.Response> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- audit trail

    @Test
    void auditTrailTellsAFullLifeCycleInOrderWithItsActors() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messageId\":\"cb-" + thread + "\"}")));
        long id = ingest(thread, "m-1");
        assign(id, "\"" + AGENT_1 + "\"");
        Api.Response replied = reply(id, "{\"body\":\"It ships today\",\"template\":\"Where is my order\",\"basedOnMessageId\":"
                + newestMessageId(id) + "}", Map.of());
        assertThat(replied.status()).as(replied.body()).isEqualTo(202);
        long replyId = replied.json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> conversation(id).get("events").toString().contains("REPLY_SENT"));
        clock.advance(Duration.ofMinutes(1));
        ingest(thread, "m-2");
        Api.Response marked = api().post("/api/conversations/" + id + "/no-reply-needed", "{\"reason\":\"Just a thank you\"}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);

        JsonNode events = conversation(id).get("events");

        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(e.get("kind").asText() + " by " + e.get("actor").asText()));
        assertThat(lines).containsExactly(
                "CLOCK_STARTED by omniqueue",
                "TAKEN by " + AGENT_1,
                "REPLIED by " + AGENT_1,
                "CLOCK_STOPPED by omniqueue",
                "REPLY_SENT by omniqueue",
                "CLOCK_STARTED by omniqueue",
                "NO_REPLY_NEEDED by " + AGENT_1,
                "CLOCK_STOPPED by omniqueue");
        assertThat(events.get(2).get("detail").asText()).contains("reply " + replyId).contains("template 'Where is my order'");
        assertThat(events.get(3).get("detail").asText()).isEqualTo("WAITING_CUSTOMER");
        assertThat(events.get(6).get("detail").asText()).isEqualTo("Just a thank you");
        assertThat(events.get(7).get("detail").asText()).isEqualTo("NO_REPLY_NEEDED");
        assertThat(events).allSatisfy(e -> assertThat(e.hasNonNull("at")).isTrue());
        // The queue's rows don't carry the trail, only the detail view does.
        assertThat(api().get("/api/conversations?limit=1").json().get("items").get(0).has("events")).isFalse();
    }

    @Test
    void assignmentsAndFailedDeliveriesAreInTheTrail() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(400).withBody("no such thread")));
        long id = ingest(thread, "m-1");
        assign(id, "\"ana\"");
        assign(id, "null", AS_AGENT_2);
        reply(id, "{\"body\":\"Hello\"}", Map.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> conversation(id).get("events").toString().contains("REPLY_FAILED"));

        List<String> lines = new ArrayList<>();
        conversation(id).get("events").forEach(e -> lines.add(e.get("kind").asText() + " by " + e.get("actor").asText()
                + (e.get("detail").isNull() ? "" : ": " + e.get("detail").asText())));
        assertThat(lines).startsWith("CLOCK_STARTED by omniqueue" + lines.get(0).substring("CLOCK_STARTED by omniqueue".length()),
                "ASSIGNED by " + AGENT_1 + ": to ana", "UNASSIGNED by " + AGENT_2 + ": was ana");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("REPLY_FAILED by omniqueue: reply "));
        assertThat(lines.get(lines.size() - 1)).startsWith("CLOCK_STARTED by omniqueue");
    }

    // ---------------------------------------------------------------- presence

    @Test
    void presenceShowsWhoViewsAndWhoTypesUntilTheLeaseLapses() {
        long id = ingest(unique("t"), "m-1");
        String url = "/api/conversations/" + id + "/presence";
        Map<String, String> asAgent1 = Map.of("Authorization", "Bearer " + TestChannels.TOKEN);
        Map<String, String> asAgent2 = Map.of("Authorization", "Bearer second-token");

        assertThat(api().send("PUT", url, "{\"typing\":false}", asAgent1).status()).isEqualTo(200);
        Api.Response both = api().send("PUT", url, "{\"typing\":true}", asAgent2);

        assertThat(both.status()).as(both.body()).isEqualTo(200);
        List<String> here = new ArrayList<>();
        both.json().get("here").forEach(p -> here.add(p.get("agent").asText() + (p.get("typing").asBoolean() ? " typing" : "")));
        assertThat(here).containsExactly(AGENT_1, AGENT_2 + " typing");
        clock.advance(Duration.ofSeconds(10));
        api().send("PUT", url, null, asAgent1);
        clock.advance(Duration.ofSeconds(10));
        JsonNode later = api().get(url).json().get("here");
        assertThat(later).hasSize(1);
        assertThat(later.get(0).get("agent").asText()).isEqualTo(AGENT_1);
        assertThat(api().send("PUT", "/api/conversations/" + Long.MAX_VALUE + "/presence", null, asAgent1).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- agents' day

    @Test
    void agentsDayCountsOpenAtRiskBreachedAndRepliesSentToday() {
        String who = UUID.randomUUID().toString().substring(0, 8);
        String agent = AGENT_1 + " (on behalf of " + who + ")";
        Map<String, String> asAgent = Map.of("X-Omniqueue-Agent", who);
        Instant now = clock.instant();
        long fresh = ingest(unique("t"), "m-1", now);
        long atRisk = ingest(unique("t"), "m-1", now.minus(Duration.ofHours(21)));
        long breached = ingest(unique("t"), "m-1", now.minus(Duration.ofHours(25)));
        String answeredThread = unique("t");
        callback.stubFor(callbackFor(answeredThread).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messageId\":\"cb-" + answeredThread + "\"}")));
        long answered = ingest(answeredThread, "m-1", now);
        for (long id : new long[] {fresh, atRisk, breached, answered}) {
            assertThat(assign(id, "\"" + agent + "\"", asAgent).status()).isEqualTo(200);
        }
        assertThat(queue("assignee=me", 200, asAgent)).containsExactlyInAnyOrder(fresh, atRisk, breached, answered);
        long replyId = reply(answered, "{\"body\":\"Done\"}", asAgent).json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json().get("status").asText()));

        Api.Response report = api().get("/api/reports/agents");

        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode row = null;
        for (JsonNode r : report.json().get("agents")) {
            if (r.get("agent").asText().equals(agent)) {
                row = r;
            }
        }
        assertThat(row).as(report.body()).isNotNull();
        assertThat(row.get("open").asLong()).isEqualTo(3);
        assertThat(row.get("atRisk").asLong()).isEqualTo(1);
        assertThat(row.get("breached").asLong()).isEqualTo(1);
        assertThat(row.get("repliesSentToday").asLong()).isEqualTo(1);
    }
}
