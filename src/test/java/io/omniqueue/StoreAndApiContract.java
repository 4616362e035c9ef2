package io.omniqueue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The store, the ingest, the clock and the REST API, the same on every database: subclasses
 * only say which database. WireMock plays the webhook channels' callback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
abstract class StoreAndApiContract {

    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        callback.start();
    }

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcClient jdbc;
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

    String now() {
        return clock.instant().toString();
    }

    long ingestViaWebhook(String channel, String thread, String message) {
        // Message ids are unique per channel (the dedupe key), so each thread gets its own.
        Api.Response r = api().post("/api/inbound/" + channel, Api.webhookMessage(thread, thread + "/" + message, now()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    JsonNode conversation(long id) {
        Api.Response r = api().get("/api/conversations/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    JsonNode reply(long id) {
        return api().get("/api/replies/" + id).json();
    }

    long postReply(long conversationId, String body) {
        Api.Response r = api().post("/api/conversations/" + conversationId + "/replies", "{\"body\":\"" + body + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("replyId").asLong();
    }

    static MappingBuilder callbackFor(String thread) {
        return post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(thread)));
    }

    static int callbackCalls(String thread) {
        return callback.findAll(postRequestedFor(urlEqualTo("/callback"))
                .withRequestBody(matchingJsonPath("$.threadId", equalTo(thread)))).size();
    }

    // ---------------------------------------------------------------- ingest, dedupe, threading

    @Test
    void duplicateDeliveryStoresOneMessage() {
        String thread = unique("t");
        String body = Api.webhookMessage(thread, unique("m"), now());
        Api.Response first = api().post("/api/inbound/web-shop", body);
        Api.Response second = api().post("/api/inbound/web-shop", body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("duplicate").asBoolean()).isFalse();
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("duplicate").asBoolean()).isTrue();
        assertThat(second.json().get("conversationId").asLong()).isEqualTo(first.json().get("conversationId").asLong());
        assertThat(conversation(first.json().get("conversationId").asLong()).get("messages")).hasSize(1);
    }

    @Test
    void messagesOfOneThreadFormOneConversationAndOtherThreadsDont() {
        String thread = unique("t");
        long a = ingestViaWebhook("web-shop", thread, "m-1");
        long b = ingestViaWebhook("web-shop", thread, "m-2");
        long other = ingestViaWebhook("web-shop", unique("t"), "m-1");

        assertThat(b).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
        assertThat(conversation(a).get("messages")).hasSize(2);
    }

    @Test
    void sameThreadIdOnTwoChannelsIsTwoConversations() {
        String thread = unique("t");
        assertThat(ingestViaWebhook("web-shop", thread, "m-1")).isNotEqualTo(ingestViaWebhook("paging-shop", thread, "m-1"));
    }

    @Test
    void twoHundredConcurrentIngestsOfOneMessageStoreOneRow() throws Exception {
        String thread = unique("t");
        InboundMessage message = InboundMessage.fromCustomer("web-shop", thread, "same-message", "Ana", null, "Hi",
                "Hello", clock.instant(), null);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<IngestResult>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(() -> producer.requestBody("direct:ingest", message, IngestResult.class));
            }
            List<IngestResult> results = new ArrayList<>();
            for (Future<IngestResult> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertThat(results).filteredOn(r -> !r.duplicate() && !r.isQuarantined()).hasSize(1);
            assertThat(results).filteredOn(IngestResult::isQuarantined).isEmpty();
            assertThat(results).extracting(IngestResult::conversationId).containsOnly(results.get(0).conversationId());
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from message where channel_id = 'web-shop' and external_message_id = 'same-message'")
                .query(Long.class).single()).isEqualTo(1L);
        assertThat(jdbc.sql("select count(*) from conversation where external_thread_id = :t").param("t", thread)
                .query(Long.class).single()).isEqualTo(1L);
    }

    // ---------------------------------------------------------------- concurrent writers of one conversation

    /** Runs the calls at once (each on its own thread, released together) and returns their answers in order. */
    static List<Api.Response> allAtOnce(List<Callable<Api.Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
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

    @Test
    void twentyConcurrentRepliesToOneConversationAreAllAccepted() throws Exception {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)));
        long id = ingestViaWebhook("web-shop", thread, "m-1");

        List<Callable<Api.Response>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = "{\"body\":\"Answer " + i + "\"}";
            replies.add(() -> api().post("/api/conversations/" + id + "/replies", body));
        }
        List<Api.Response> answers = allAtOnce(replies);

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        assertThat(answers).extracting(r -> r.json().get("replyId").asLong()).doesNotHaveDuplicates();
        JsonNode after = conversation(id);
        assertThat(after.get("messages")).hasSize(21);
        assertThat(after.get("status").asText()).isEqualTo("WAITING_CUSTOMER");
        assertThat(after.get("dueAt").isNull()).isTrue();
    }

    @Test
    void repliesRacingInboundMessagesAreAllStoredAndTheClockFollowsTheHistory() throws Exception {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)));
        Instant first = clock.instant().minusSeconds(60);
        Api.Response opened = api().post("/api/inbound/web-shop", Api.webhookMessage(thread, thread + "/m-0", first.toString()));
        assertThat(opened.status()).as(opened.body()).isEqualTo(202);
        long id = opened.json().get("conversationId").asLong();

        List<Callable<Api.Response>> writers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String body = "{\"body\":\"Answer " + i + "\"}";
            writers.add(() -> api().post("/api/conversations/" + id + "/replies", body));
            // Written after every reply (the replies are dated now): the customer wrote again.
            String followUp = Api.webhookMessage(thread, thread + "/m-" + i, clock.instant().plusSeconds(i).toString());
            writers.add(() -> api().post("/api/inbound/web-shop", followUp));
        }
        List<Api.Response> answers = allAtOnce(writers);

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        JsonNode after = conversation(id);
        assertThat(after.get("messages")).hasSize(21);
        // The oldest customer message after the last shop message starts the clock, whatever the order of the commits.
        assertThat(after.get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(Instant.parse(after.get("clockStartedAt").asText())).isEqualTo(clock.instant().plusSeconds(1));
        assertThat(Instant.parse(after.get("contractDueAt").asText())).isEqualTo(clock.instant().plusSeconds(1).plus(Duration.ofHours(24)));
    }

    @Test
    void unstorableMessageIsQuarantinedAndTheNextOneGoesThrough() {
        InboundMessage noThread = new InboundMessage("web-shop", " ", unique("m"), Direction.INBOUND, AuthorRole.CUSTOMER,
                "Ana", null, "Hi", "body", clock.instant(), null, true, null);
        InboundMessage good = InboundMessage.fromCustomer("web-shop", unique("t"), unique("m"), "Ana", null, "Hi", "body",
                clock.instant(), null);

        IngestResult bad = producer.requestBody("direct:ingest", noThread, IngestResult.class);
        IngestResult next = producer.requestBody("direct:ingest", good, IngestResult.class);

        assertThat(bad.isQuarantined()).isTrue();
        assertThat(next.conversationId()).isNotNull();
        JsonNode entries = api().get("/api/quarantine").json().get("items");
        JsonNode entry = find(entries, bad.quarantineId());
        assertThat(entry.get("reason").asText()).contains("externalThreadId is missing");
        assertThat(entry.get("payload").asText()).contains(noThread.externalMessageId());
    }

    @Test
    void quarantinedMessageStaysWithItsReasonUntilARetryWithACorrectionIngestsIt() {
        String messageId = unique("m");
        InboundMessage unknownChannel = InboundMessage.fromCustomer("no-such-channel", unique("t"), messageId, "Ana", null,
                "Hi", "body", clock.instant(), null);
        long id = producer.requestBody("direct:ingest", unknownChannel, IngestResult.class).quarantineId();

        Api.Response again = api().post("/api/quarantine/" + id + "/retry", null);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("reason").asText()).contains("no-such-channel");
        assertThat(again.json().get("attempts").asInt()).isEqualTo(2);

        String corrected = api().get("/api/quarantine").json().toString().isEmpty() ? null
                : find(api().get("/api/quarantine").json().get("items"), id).get("payload").asText()
                .replace("no-such-channel", "web-shop");
        Api.Response fixed = api().post("/api/quarantine/" + id + "/retry", "{\"payload\":" + corrected + "}");
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().get("resolution").asText()).startsWith("ingested into conversation");
        assertThat(find(api().get("/api/quarantine").json().get("items"), id)).isNull();
        assertThat(api().post("/api/quarantine/999999/retry", null).status()).isEqualTo(404);
    }

    private static JsonNode find(JsonNode items, long id) {
        for (JsonNode item : items) {
            if (item.get("id").asLong() == id) {
                return item;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the clock

    @Test
    void customerFollowUpKeepsTheOldestDeadline() {
        String thread = unique("t");
        long id = ingestViaWebhook("web-shop", thread, "m-1");
        String due = conversation(id).get("dueAt").asText();
        clock.advance(Duration.ofMinutes(30));
        ingestViaWebhook("web-shop", thread, "m-2");

        JsonNode c = conversation(id);
        assertThat(c.get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(c.get("dueAt").asText()).isEqualTo(due);
        assertThat(Instant.parse(c.get("contractDueAt").asText()))
                .isEqualTo(Instant.parse(c.get("clockStartedAt").asText()).plus(Duration.ofHours(24)));
    }

    @Test
    void shopMessageSeenAtTheSourceStopsTheClockAndTheNextCustomerMessageRestartsIt() {
        String thread = unique("t");
        long id = ingestViaWebhook("web-shop", thread, "m-1");
        clock.advance(Duration.ofMinutes(5));
        producer.requestBody("direct:ingest", new InboundMessage("web-shop", thread, "shop-1", Direction.OUTBOUND,
                AuthorRole.SHOP, "Back office", null, null, "Answered", clock.instant(), null, false, null));
        assertThat(conversation(id).get("status").asText()).isEqualTo("WAITING_CUSTOMER");
        assertThat(conversation(id).get("dueAt").isNull()).isTrue();

        clock.advance(Duration.ofMinutes(5));
        Instant restart = clock.instant();
        ingestViaWebhook("web-shop", thread, "m-2");
        JsonNode c = conversation(id);
        assertThat(c.get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(Instant.parse(c.get("clockStartedAt").asText())).isEqualTo(restart);
    }

    @Test
    void internalBusinessHoursTargetIsTheDueTimeWhenItComesFirst() {
        long id = ingestViaWebhook("paris-shop", unique("t"), "m-1");
        JsonNode c = conversation(id);
        Instant contract = Instant.parse(c.get("contractDueAt").asText());
        Instant internal = Instant.parse(c.get("internalDueAt").asText());
        Instant due = Instant.parse(c.get("dueAt").asText());
        assertThat(due).isEqualTo(internal.isBefore(contract) ? internal : contract);
        assertThat(internal).isAfter(Instant.parse(c.get("clockStartedAt").asText()));
    }

    @Test
    void noReplyNeededStopsTheClockAndRecordsWhoAndWhy() {
        long id = ingestViaWebhook("web-shop", unique("t"), "m-1");
        Api.Response r = api().post("/api/conversations/" + id + "/no-reply-needed", "{\"reason\":\"Customer said thanks\"}",
                Map.of("X-Omniqueue-Agent", "marie"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode c = conversation(id);
        assertThat(c.get("status").asText()).isEqualTo("NO_REPLY_NEEDED");
        assertThat(c.get("dueAt").isNull()).isTrue();
        // The token (a plain one, named by its position) decided; the agent header says for whom.
        assertThat(c.get("noReplyNeeded").get("by").asText()).isEqualTo("api-token-1 (on behalf of marie)");
        assertThat(c.get("noReplyNeeded").get("reason").asText()).isEqualTo("Customer said thanks");
        assertThat(api().post("/api/conversations/" + id + "/no-reply-needed", "{}").status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- the queue

    @Test
    void keysetPaginationNeverSkipsOrRepeatsUnderInserts() {
        Set<Long> before = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            before.add(ingestViaWebhook("paging-shop", unique("p"), "m"));
            if (i % 3 == 0) {
                clock.advance(Duration.ofSeconds(7));
            }
        }
        List<Long> seen = new ArrayList<>();
        Instant lastDue = null;
        String after = null;
        int pages = 0;
        do {
            Api.Response page = api().get("/api/conversations?channel=paging-shop&limit=4"
                    + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode item : page.json().get("items")) {
                seen.add(item.get("id").asLong());
                Instant due = Instant.parse(item.get("dueAt").asText());
                assertThat(lastDue == null || !due.isBefore(lastDue)).as("ordered by dueAt").isTrue();
                lastDue = due;
            }
            // Meanwhile customers keep writing, with deadlines before and after the cursor.
            ingestViaWebhook("paging-shop", unique("late"), "m");
            after = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            pages++;
        } while (after != null && pages < 100);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
        assertThat(api().get("/api/conversations?limit=0").status()).isEqualTo(400);
        assertThat(api().get("/api/conversations?status=LATE").status()).isEqualTo(400);
        assertThat(api().get("/api/conversations?after=not-a-cursor").status()).isEqualTo(400);
    }

    @Test
    void statusFilterShowsOnlyThatStatus() {
        ingestViaWebhook("web-shop", unique("t"), "m-1");
        for (JsonNode item : api().get("/api/conversations?status=needs_reply&limit=200").json().get("items")) {
            assertThat(item.get("status").asText()).isEqualTo("NEEDS_REPLY");
        }
    }

    // ---------------------------------------------------------------- marketplaces

    /** A customer message that names its marketplace, as the mailbox does for an Amazon buyer's mail. */
    InboundMessage customerMessage(String thread, String messageId, String marketplace) {
        return new InboundMessage("web-shop", thread, messageId, Direction.INBOUND, AuthorRole.CUSTOMER, "Ana", null, "Hi",
                "Hello", clock.instant(), null, true, null, List.of(), null, null, marketplace);
    }

    List<Long> queue(String query) {
        Api.Response r = api().get("/api/conversations?limit=200&" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    @Test
    void webFormConversationIsTheShopsOwn() {
        long id = ingestViaWebhook("web-shop", unique("t"), "m-1");

        assertThat(conversation(id).get("marketplace").asText()).isEqualTo("shop");
        assertThat(queue("channel=web-shop&marketplace=shop")).contains(id);
    }

    @Test
    void firstMessageDecidesTheMarketplaceAndTheQueueFiltersByIt() {
        String thread = unique("t");
        long id = producer.requestBody("direct:ingest", customerMessage(thread, unique("m"), "ebay.es"), IngestResult.class)
                .conversationId();
        // A later message naming another marketplace joins the conversation without moving it.
        producer.requestBody("direct:ingest", customerMessage(thread, unique("m"), "ebay.de"), IngestResult.class);

        assertThat(conversation(id).get("marketplace").asText()).isEqualTo("ebay.es");
        assertThat(conversation(id).get("messages")).hasSize(2);
        assertThat(queue("marketplace=ebay.es")).containsExactly(id);
        assertThat(queue("marketplace=ebay.de")).isEmpty();
        assertThat(queue("channel=web-shop&marketplace=shop")).doesNotContain(id);
        assertThat(queue("status=NEEDS_REPLY&marketplace=ebay.es&channel=web-shop")).containsExactly(id);
    }

    @Test
    void marketplaceThatIsNotANameIsRefusedInTheQueueAndQuarantinedInAMessage() {
        Api.Response r = api().get("/api/conversations?marketplace=eBay%20ES");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("marketplace").contains("eBay ES");

        IngestResult bad = producer.requestBody("direct:ingest", customerMessage(unique("t"), unique("m"), "eBay ES"),
                IngestResult.class);
        assertThat(bad.isQuarantined()).isTrue();
    }

    // ---------------------------------------------------------------- API errors

    @Test
    void requestWithoutTokenIsRefused() {
        Api.Response r = api().send("GET", "/api/conversations", null, Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("detail").asText()).contains("missing bearer token");
    }

    @Test
    void requestWithAWrongTokenIsRefused() {
        Api.Response r = api().send("GET", "/api/conversations", null, Map.of("Authorization", "Bearer wrong"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(api().send("GET", "/api/conversations", null, Map.of("Authorization", "Bearer second-token")).status())
                .isEqualTo(200);
    }

    @Test
    void badJsonIsRefusedWithWhereItBroke() {
        Api.Response r = api().post("/api/inbound/web-shop", "{\"threadId\": \"t\",");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("malformed JSON");
    }

    @Test
    void missingFieldIsRefusedNamingTheField() {
        Api.Response r = api().post("/api/inbound/web-shop",
                "{\"threadId\":\"t\",\"messageId\":\"m\",\"customer\":{\"name\":\"A\"},\"body\":\"x\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("sentAt");

        Api.Response badDate = api().post("/api/inbound/web-shop", Api.webhookMessage("t", "m", "tomorrow"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("detail").asText()).contains("sentAt").contains("ISO-8601");
    }

    @Test
    void unknownChannelIsNotFound() {
        Api.Response r = api().post("/api/inbound/nowhere", Api.webhookMessage("t", "m", now()));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).contains("nowhere");
        assertThat(api().get("/api/conversations/987654321").status()).isEqualTo(404);
        assertThat(api().get("/api/replies/987654321").status()).isEqualTo(404);
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        Api.Response r = api().get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("paths").has("/api/conversations/{id}/replies")).isTrue();
    }

    // ---------------------------------------------------------------- replies and the outbox

    @Test
    void replyIsDeliveredToTheCallbackAndStopsTheClockAtOnce() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messageId\":\"cb-42\"}")));
        long id = ingestViaWebhook("web-shop", thread, "m-1");
        long replyId = postReply(id, "It ships today");

        assertThat(conversation(id).get("status").asText()).isEqualTo("WAITING_CUSTOMER");
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));
        assertThat(reply(replyId).get("externalMessageId").asText()).isEqualTo("cb-42");
        callback.verify(1, postRequestedFor(urlEqualTo("/callback"))
                .withRequestBody(matchingJsonPath("$.threadId", equalTo(thread)))
                .withRequestBody(matchingJsonPath("$.replyId", equalTo(String.valueOf(replyId))))
                .withRequestBody(matchingJsonPath("$.body", equalTo("It ships today")))
                .withHeader("Idempotency-Key", equalTo("omniqueue-reply-" + replyId)));
        JsonNode messages = conversation(id).get("messages");
        assertThat(messages.get(1).get("direction").asText()).isEqualTo("OUTBOUND");
    }

    @Test
    void sameIdempotencyKeyReturnsTheFirstReplyAndCreatesNothing() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(200)));
        long id = ingestViaWebhook("web-shop", thread, "m-1");
        Map<String, String> key = Map.of("Idempotency-Key", "click-1");
        Api.Response first = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Yes\"}", key);
        Api.Response second = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Yes\"}", key);

        assertThat(second.json().get("replyId").asLong()).isEqualTo(first.json().get("replyId").asLong());
        assertThat(jdbc.sql("select count(*) from reply where conversation_id = :c").param("c", id).query(Long.class).single())
                .isEqualTo(1L);
    }

    @Test
    void replyOverTheChannelLimitIsRefusedWithTheLimit() {
        long id = ingestViaWebhook("web-shop", unique("t"), "m-1");
        Api.Response r = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"" + "x".repeat(201) + "\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).contains("at most 200");
        assertThat(conversation(id).get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(api().post("/api/conversations/" + id + "/replies", "{\"body\":\" \"}").status()).isEqualTo(400);
        assertThat(api().post("/api/conversations/987654/replies", "{\"body\":\"hi\"}").status()).isEqualTo(404);
    }

    @Test
    void callbackAnswering500ThenOkIsRetriedThenSent() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).inScenario(thread).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("boom")).willSetStateTo("up"));
        callback.stubFor(callbackFor(thread).inScenario(thread).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        long replyId = postReply(ingestViaWebhook("web-shop", thread, "m-1"), "Hello");

        await().atMost(Duration.ofSeconds(10)).until(() -> reply(replyId).get("lastError").asText().contains("500"));
        assertThat(reply(replyId).get("status").asText()).isEqualTo("PENDING");
        clock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));
        assertThat(reply(replyId).get("attempts").asInt()).isEqualTo(2);
        assertThat(callbackCalls(thread)).isEqualTo(2);
    }

    @Test
    void callbackAnswering429IsNotCalledBeforeItsRetryAfter() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).inScenario(thread).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")).willSetStateTo("open"));
        callback.stubFor(callbackFor(thread).inScenario(thread).whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200)));
        long replyId = postReply(ingestViaWebhook("web-shop", thread, "m-1"), "Hello");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbackCalls(thread) == 1
                && reply(replyId).get("lastError").asText().contains("429"));

        clock.advance(Duration.ofSeconds(29));
        // Several dispatch cycles (100 ms each) pass at 29 s: none may call again.
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> callbackCalls(thread) == 1);
        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));
        assertThat(callbackCalls(thread)).isEqualTo(2);
    }

    @Test
    void callbackTimeoutIsRetriedAndSentOnce() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).inScenario(thread).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000)).willSetStateTo("fast"));
        callback.stubFor(callbackFor(thread).inScenario(thread).whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200)));
        long replyId = postReply(ingestViaWebhook("web-shop", thread, "m-1"), "Hello");

        await().atMost(Duration.ofSeconds(10)).until(() -> reply(replyId).get("lastError").asText().contains("unreachable"));
        assertThat(reply(replyId).get("lastError").asText()).containsIgnoringCase("timeout");
        clock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));
        assertThat(reply(replyId).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void replyRefusedByTheCallbackFailsAndPutsTheConversationBackToNeedsReply() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(400).withBody("{\"error\":\"thread closed\"}")));
        long id = ingestViaWebhook("web-shop", thread, "m-1");
        String due = conversation(id).get("dueAt").asText();
        long replyId = postReply(id, "Hello");

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(reply(replyId).get("status").asText()));
        assertThat(reply(replyId).get("lastError").asText()).contains("400").contains("thread closed");
        JsonNode c = conversation(id);
        assertThat(c.get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(c.get("dueAt").asText()).isEqualTo(due);
    }

    @Test
    void replyThatKeepsFailingEndsFailedAfterTheConfiguredAttempts() {
        String thread = unique("t");
        callback.stubFor(callbackFor(thread).willReturn(aResponse().withStatus(503)));
        long replyId = postReply(ingestViaWebhook("web-shop", thread, "m-1"), "Hello");
        for (int attempt = 1; attempt <= 4; attempt++) {
            int expected = attempt;
            await().atMost(Duration.ofSeconds(10)).until(() -> callbackCalls(thread) == expected);
            // The clock moves on only once the failed attempt is recorded: recorded after the move,
            // its retry would be due 11 minutes later than this loop expects.
            await().atMost(Duration.ofSeconds(10)).until(() -> reply(replyId).get("attempts").asInt() == expected);
            clock.advance(Duration.ofMinutes(11));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(reply(replyId).get("status").asText()));
        assertThat(reply(replyId).get("attempts").asInt()).isEqualTo(4);
        assertThat(reply(replyId).get("lastError").asText()).contains("gave up after 4 attempts");
    }
}
