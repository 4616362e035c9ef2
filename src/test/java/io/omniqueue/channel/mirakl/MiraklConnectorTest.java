package io.omniqueue.channel.mirakl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelState;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
import io.omniqueue.sandbox.mirakl.SimulatedMessage;
import io.omniqueue.support.Api;
import io.omniqueue.support.ConnectorTestSupport;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Mirakl connector against Mirakl simulators that follow the published seller API: the
 * real routes (one templated route per channel, Quartz every second), the real HTTP component,
 * a real database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class MiraklConnectorTest extends ConnectorTestSupport {

    static final MiraklSimulator carrefour = MiraklSimulator.start(0, "carrefour-key", "Omni Shop");
    static final MiraklSimulator leroyMerlin = MiraklSimulator.start(0, "leroy-key", "Omni Shop");
    static final MiraklSimulator bulk = MiraklSimulator.start(0, "bulk-key", "Omni Shop");
    static final MiraklSimulator paged = MiraklSimulator.start(0, "paged-key", "Omni Shop");
    static final MiraklSimulator flaky = MiraklSimulator.start(0, "flaky-key", "Omni Shop");
    static final MiraklSimulator revoked = MiraklSimulator.start(0, "revoked-key", "Omni Shop");
    static final MiraklSimulator refusing = MiraklSimulator.start(0, "refusing-key", "Omni Shop");
    static final WireMockServer broken = new WireMockServer(options().dynamicPort());

    static {
        // Page 3's token is refused (400) once, in the first run: armed before the first poll.
        refusing.failOnPage(3, 400, -1);
        refusing.seedThreads(300, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));
        broken.start();
        // Registered before the first poll: the test clock is frozen, so a channel that failed at
        // start-up would otherwise wait for a backoff that never passes.
        broken.stubFor(get(urlPathEqualTo("/api/inbox/threads")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"data":[
                          {"id":"bad-thread","date_updated":"2026-11-22T08:00:00Z","messages":[{"id":"m-x","body":"?",
                            "date_created":"not a date","from":{"type":"CUSTOMER_USER","display_name":"X"}}]},
                          {"id":"good-thread","date_updated":"2026-11-22T08:00:00Z","topic":{"type":"FREE_TEXT","value":"Hi"},
                           "metadata":{"total_count":1},
                           "messages":[{"id":"m-good","body":"Where is my order?","date_created":"2026-11-22T07:59:00Z",
                            "from":{"type":"CUSTOMER_USER","display_name":"Eve"}}]}]}""")));
    }

    @TempDir
    static Path dataDir;

    @Autowired
    ChannelCursorStore cursors;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "mirakl"));
        int i = 3;
        for (var entry : Map.of("carrefour-fr", carrefour, "leroymerlin-fr", leroyMerlin, "bulk-mirakl", bulk,
                "paged-mirakl", paged, "flaky-mirakl", flaky, "revoked-mirakl", revoked).entrySet()) {
            TestChannels.register(registry, TestChannels.mirakl(i++, entry.getKey(), entry.getValue().baseUrl(), entry.getKey().startsWith("carrefour")
                    ? "carrefour-key" : entry.getKey().split("-")[0].replace("leroymerlin", "leroy") + "-key"));
            if (entry.getKey().equals("leroymerlin-fr")) {
                String marketplace = "omniqueue.channels[" + (i - 1) + "].marketplace";
                registry.add(marketplace, () -> "leroymerlin");
            }
        }
        TestChannels.register(registry, TestChannels.mirakl(i, "broken-mirakl", broken.baseUrl(), "any-key"));
        TestChannels.register(registry, TestChannels.mirakl(i + 1, "refusing-mirakl", refusing.baseUrl(), "refusing-key"));
        registry.add("omniqueue.polling.failure-backoff", () -> "5s");
        registry.add("omniqueue.polling.breaker.minimum-calls", () -> "3");
        registry.add("omniqueue.polling.breaker.sliding-window", () -> "4");
        registry.add("omniqueue.polling.breaker.open-wait", () -> "1s");
        registry.add("omniqueue.polling.breaker.half-open-calls", () -> "1");
    }

    @AfterAll
    static void stopSimulators() {
        List.of(carrefour, leroyMerlin, bulk, paged, flaky, revoked, refusing).forEach(MiraklSimulator::close);
        broken.stop();
    }

    /**
     * A page token Mirakl refuses in the middle of a run starts the run again from the last complete
     * position (channel.PagedPoll) instead of retrying the dead token after a backoff.
     */
    @Test
    void aPageTokenMiraklRefusesStartsTheRunAgainFromItsFirstPageWithoutBackingOff() {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from message where channel_id = 'refusing-mirakl'") == 300
                && cursors.find("refusing-mirakl").map(c -> c.pageToken() == null && c.position() != null).orElse(false));
        assertThat(count("""
                select count(*) from (select external_message_id from message where channel_id = 'refusing-mirakl'
                group by external_message_id having count(*) > 1) doubled""")).isZero();
        // The first run asked for page 2's token, then page 3's (refused); the run that follows
        // starts from the first page, so it asks for page 2's token again, not page 3's.
        List<String> tokens = refusing.pageTokensRequested();
        assertThat(tokens.size()).isGreaterThan(3);
        assertThat(tokens.get(2)).isEqualTo(tokens.get(0));
        ChannelCursor cursor = cursors.find("refusing-mirakl").orElseThrow();
        assertThat(cursor.state()).isEqualTo(ChannelState.ACTIVE);
        assertThat(cursor.failingSince()).isNull();
    }

    static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- polling

    @Test
    void firstPollImportsAThousandThreadsOverTenPagesAndTheNextOnlyWhatChanged() {
        bulk.seedThreads(1000, Instant.now().minus(Duration.ofDays(2)), Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from message where channel_id = 'bulk-mirakl'") == 1000);
        assertThat(count("select count(*) from conversation where channel_id = 'bulk-mirakl'")).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> channel("bulk-mirakl").get("runInProgress").asBoolean() == false);
        int pagesFollowed = bulk.pageTokensRequested().size();
        assertThat(pagesFollowed).isEqualTo(9);

        List<String> threads = jdbc.sql("select external_thread_id from conversation where channel_id = 'bulk-mirakl' order by id limit 3")
                .query(String.class).list();
        threads.forEach(t -> bulk.customerWrites(t, "Any news?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from message where channel_id = 'bulk-mirakl'") == 1003);
        // Later polls start from the last update seen (minus the overlap): one page, no following pages.
        int polls = bulk.requestCount("GET", "/api/inbox/threads");
        await().atMost(Duration.ofSeconds(10)).until(() -> bulk.requestCount("GET", "/api/inbox/threads") >= polls + 2);
        assertThat(bulk.pageTokensRequested()).hasSize(pagesFollowed);
        assertThat(count("select count(*) from message where channel_id = 'bulk-mirakl'")).isEqualTo(1003);
    }

    @Test
    void rateLimitOnPageThreeWaitsForRetryAfterThenResumesOnPageThree() {
        paged.failOnPage(3, 429, 120);
        paged.seedThreads(300, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> "BACKING_OFF".equals(channel("paged-mirakl").get("state").asText()));
        JsonNode backingOff = channel("paged-mirakl");
        assertThat(Instant.parse(backingOff.get("nextPollAt").asText())).isAfterOrEqualTo(clock.instant().plusSeconds(119));
        assertThat(backingOff.get("lastError").asText()).contains("429");
        assertThat(count("select count(*) from message where channel_id = 'paged-mirakl'")).isEqualTo(200);
        List<String> tokensAtTheLimit = paged.pageTokensRequested();
        int callsAtTheLimit = paged.requestCount("GET", "/api/inbox/threads");

        // Quartz fires every second; before Retry-After has passed none of those runs calls Mirakl.
        clock.advance(Duration.ofSeconds(100));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> paged.requestCount("GET", "/api/inbox/threads") == callsAtTheLimit);

        clock.advance(Duration.ofSeconds(21));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from message where channel_id = 'paged-mirakl'") == 300);
        List<String> tokens = paged.pageTokensRequested();
        // The next call after the wait is page 3 again (its token), not a new run from page 1.
        assertThat(tokens.get(tokensAtTheLimit.size())).isEqualTo(tokensAtTheLimit.get(tokensAtTheLimit.size() - 1));
        assertThat(paged.requestCount("GET", "/api/inbox/threads")).isGreaterThan(callsAtTheLimit);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACTIVE".equals(channel("paged-mirakl").get("state").asText()));
    }

    @Test
    void threadLongerThanAPageOfMessagesIsReadWholeWithM10() {
        String thread = carrefour.openThread("MIR-LONG-A", "Long Talker", "Message 0");
        for (int i = 1; i < 150; i++) {
            carrefour.customerWrites(thread, "Message " + i);
        }
        long id = conversationOf("carrefour-fr", thread);
        await().atMost(Duration.ofSeconds(20)).until(() -> conversation(id).get("messages").size() == 150);
        assertThat(carrefour.requestCount("GET", "/api/inbox/threads/" + thread)).isPositive();
    }

    @Test
    void malformedThreadIsQuarantinedAndTheRestOfThePageGoesOn() {
        conversationOf("broken-mirakl", "good-thread");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "select count(*) from quarantine where channel_id = 'broken-mirakl' and source = 'mirakl-thread'") == 1);
        String reason = jdbc.sql("select reason from quarantine where channel_id = 'broken-mirakl'").query(String.class).single();
        assertThat(reason).contains("not a date");
        // Read again by every poll, the same bad thread stays one quarantine entry.
        int polls = broken.getAllServeEvents().size();
        await().atMost(Duration.ofSeconds(10)).until(() -> broken.getAllServeEvents().size() >= polls + 2);
        assertThat(count("select count(*) from quarantine where channel_id = 'broken-mirakl'")).isEqualTo(1);
    }

    // ---------------------------------------------------------------- the clock from Mirakl's facts

    @Test
    void replyTypedInTheBackOfficeStopsTheClock() {
        String thread = carrefour.openThread("MIR-2-A", "Ana", "Is it compatible with my model?");
        long id = conversationOf("carrefour-fr", thread);
        assertThat(conversation(id).get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(conversation(id).get("orderId").asText()).isEqualTo("MIR-2-A");

        carrefour.shopWritesInBackOffice(thread, "Yes it is.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(conversation(id).get("status").asText()));
        assertThat(conversation(id).get("dueAt").isNull()).isTrue();
    }

    // ---------------------------------------------------------------- replies through M12

    @Test
    void replyRoundTripStopsTheClockAndMiraklShowsTheMessageOnce() {
        String thread = carrefour.openThread("MIR-3-A", "Bruno", "My parcel is damaged");
        long id = conversationOf("carrefour-fr", thread);
        Api.Response r = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"We are sending a new one today.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long replyId = r.json().get("replyId").asLong();
        assertThat(conversation(id).get("status").asText()).isEqualTo("WAITING_CUSTOMER");

        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));
        List<SimulatedMessage> inMirakl = carrefour.messages(thread);
        assertThat(inMirakl).filteredOn(m -> m.fromType().equals("SHOP_USER")).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo("We are sending a new one today."));
        assertThat(carrefour.shopReplyNeededSince(thread)).isNull();
        assertThat(api().get("/api/replies/" + replyId).json().get("externalMessageId").asText())
                .isEqualTo(inMirakl.get(1).id());

        // The next polls read our message back from Mirakl: it is the same message, not a second one.
        int polls = carrefour.requestCount("GET", "/api/inbox/threads");
        await().atMost(Duration.ofSeconds(10)).until(() -> carrefour.requestCount("GET", "/api/inbox/threads") >= polls + 2);
        assertThat(conversation(id).get("messages")).hasSize(2);
        assertThat(conversation(id).get("status").asText()).isEqualTo("WAITING_CUSTOMER");
    }

    @Test
    void sendTimeoutThenRetrySendsExactlyOneMessage() {
        String thread = carrefour.openThread("MIR-4-A", "Chloé", "Can I change the delivery address?");
        long id = conversationOf("carrefour-fr", thread);
        carrefour.acceptButDelayNextReply(Duration.ofSeconds(3));
        int posts = carrefour.requestCount("POST", "/api/inbox/threads/.*/message");
        long replyId = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Yes, done.\"}").json().get("replyId").asLong();

        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/replies/" + replyId).json().get("lastError")
                .asText().contains("failed"));
        clock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));

        assertThat(carrefour.requestCount("POST", "/api/inbox/threads/.*/message")).isEqualTo(posts + 1);
        assertThat(carrefour.messages(thread)).filteredOn(m -> m.body().equals("Yes, done.")).hasSize(1);
        assertThat(api().get("/api/replies/" + replyId).json().get("attempts").asInt()).as(api().get("/api/replies/" + replyId).body()).isEqualTo(2);
    }

    @Test
    void replyOutsideMiraklsLimitsIsRefusedWithTheLimit() {
        String thread = carrefour.openThread("MIR-5-A", "Dan", "Hello?");
        long id = conversationOf("carrefour-fr", thread);
        Api.Response tooShort = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"ok\"}");
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.json().get("detail").asText()).contains("3 to 50000");
        Api.Response tooLong = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"" + "a".repeat(50_001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(422);
    }

    @Test
    void attachmentsAreListedFetchedOnDemandAndSentWithAReply() throws Exception {
        String thread = carrefour.openThread("MIR-6-A", "Eva", "Here is a photo of the damage");
        byte[] photo = "JPEG bytes of a photo".getBytes(StandardCharsets.UTF_8);
        carrefour.addAttachmentToLastMessage(thread, "damage.jpg", photo);
        long id = conversationOf("carrefour-fr", thread);
        await().atMost(Duration.ofSeconds(20)).until(() -> conversation(id).get("messages").get(0).get("attachments").size() == 1);
        JsonNode listed = conversation(id).get("messages").get(0).get("attachments").get(0);
        assertThat(listed.get("name").asText()).isEqualTo("damage.jpg");
        assertThat(listed.get("sizeBytes").asLong()).isEqualTo(photo.length);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/attachments/"
                + listed.get("id").asLong())).header("Authorization", "Bearer " + TestChannels.TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(photo);

        String boundary = "omniqueue-test-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nHere is the return label.\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"label.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 label\r\n--" + boundary + "--\r\n";
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/conversations/" + id + "/replies"))
                .header("Authorization", "Bearer " + TestChannels.TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> carrefour.messages(thread).stream()
                .anyMatch(m -> m.fromType().equals("SHOP_USER") && m.attachmentNames().contains("label.pdf")));
    }

    // ---------------------------------------------------------------- faults

    @Test
    void breakerOpensUnderRepeated500sAndClosesAfterRecovery() {
        flaky.failNext("GET", "/api/inbox/threads", 3, 500, -1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofMinutes(20));
            return "OPEN".equals(channel("flaky-mirakl").get("circuitBreaker").asText());
        });
        JsonNode open = channel("flaky-mirakl");
        assertThat(open.get("state").asText()).isEqualTo("BACKING_OFF");
        assertThat(open.get("lastError").asText()).contains("500");

        // The simulator is healthy again; after the open wait a trial call goes through and closes it.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofMinutes(20));
            JsonNode c = channel("flaky-mirakl");
            return "CLOSED".equals(c.get("circuitBreaker").asText()) && "ACTIVE".equals(c.get("state").asText());
        });
    }

    @Test
    void revokedKeyPausesPollingVisiblyUntilResumed() {
        revoked.rejectAllWith(401);
        await().atMost(Duration.ofSeconds(20)).until(() -> "UNAUTHORIZED".equals(channel("revoked-mirakl").get("state").asText()));
        assertThat(channel("revoked-mirakl").get("lastError").asText()).contains("401").contains("API key");
        int calls = revoked.requestCount("GET", "/api/inbox/threads");
        clock.advance(Duration.ofHours(1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> revoked.requestCount("GET", "/api/inbox/threads") == calls);
        JsonNode all = api().get("/api/channels").json().get("items");
        assertThat(all.findValuesAsText("id")).contains("carrefour-fr", "revoked-mirakl", "web-shop");

        revoked.rejectAllWith(0);
        assertThat(api().post("/api/channels/revoked-mirakl/resume", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(channel("revoked-mirakl").get("state").asText())
                && revoked.requestCount("GET", "/api/inbox/threads") > calls);
        assertThat(api().post("/api/channels/nowhere/resume", null).status()).isEqualTo(404);
    }

    @Test
    void twoChannelsOnTwoSimulatorsNeverMix() {
        String inCarrefour = carrefour.openThread("MIR-SAME-A", "Fanny", "Question for Carrefour");
        String inLeroy = leroyMerlin.openThread("MIR-SAME-A", "Fanny", "Question for Leroy Merlin");
        long carrefourConversation = conversationOf("carrefour-fr", inCarrefour);
        long leroyConversation = conversationOf("leroymerlin-fr", inLeroy);
        assertThat(carrefourConversation).isNotEqualTo(leroyConversation);
        assertThat(count("select count(*) from conversation where channel_id = 'carrefour-fr' and external_thread_id = ?", inLeroy))
                .isZero();

        long replyId = api().post("/api/conversations/" + leroyConversation + "/replies", "{\"body\":\"Answer for Leroy Merlin\"}")
                .json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));
        assertThat(leroyMerlin.messages(inLeroy)).anyMatch(m -> m.body().equals("Answer for Leroy Merlin"));
        assertThat(carrefour.messages(inCarrefour)).noneMatch(m -> m.body().equals("Answer for Leroy Merlin"));
        assertThat(conversation(carrefourConversation).get("status").asText()).isEqualTo("NEEDS_REPLY");
    }

    @Test
    void conversationsCarryTheChannelsMarketplaceOrElseTheChannelId() {
        long carrefourConversation = conversationOf("carrefour-fr", carrefour.openThread("MIR-MKT-A", "Gaby", "Colour?"));
        long leroyConversation = conversationOf("leroymerlin-fr", leroyMerlin.openThread("MIR-MKT-B", "Gaby", "Size?"));

        // carrefour-fr sets no marketplace; leroymerlin-fr sets "leroymerlin".
        assertThat(conversation(carrefourConversation).get("marketplace").asText()).isEqualTo("carrefour-fr");
        assertThat(conversation(leroyConversation).get("marketplace").asText()).isEqualTo("leroymerlin");
        JsonNode leroyQueue = api().get("/api/conversations?marketplace=leroymerlin&limit=200").json().get("items");
        assertThat(leroyQueue.findValuesAsText("id")).contains(String.valueOf(leroyConversation))
                .doesNotContain(String.valueOf(carrefourConversation));
        assertThat(leroyQueue.findValuesAsText("channelId")).containsOnly("leroymerlin-fr");
    }
}
