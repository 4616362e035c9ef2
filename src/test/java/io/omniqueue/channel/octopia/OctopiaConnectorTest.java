package io.omniqueue.channel.octopia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.sandbox.octopia.OctopiaSimulator;
import io.omniqueue.sandbox.octopia.SimulatedMessage;
import io.omniqueue.support.Api;
import io.omniqueue.support.ConnectorTestSupport;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Octopia connector against Octopia simulators that enforce the reference's rules (token,
 * SellerId, paging, the six-month window, reply limits): the real routes, the real HTTP component,
 * a real database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class OctopiaConnectorTest extends ConnectorTestSupport {

    static final OctopiaSimulator cdiscount = OctopiaTestChannels.simulator();
    static final OctopiaSimulator grc = OctopiaTestChannels.simulator();
    static final OctopiaSimulator bulk = OctopiaTestChannels.simulator();
    static final OctopiaSimulator unlinked = OctopiaTestChannels.simulator();
    static final OctopiaSimulator paged = OctopiaTestChannels.simulator();
    static final OctopiaSimulator flaky = OctopiaTestChannels.simulator();
    static final OctopiaSimulator wrongSecret = OctopiaTestChannels.simulator();

    static {
        // Registered before the first poll (the test clock is frozen: a failed first poll would wait for good).
        grc.acceptReplyShape("RECEIVER");
        unlinked.sendLinkHeader(false);
    }

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "octopia"));
        TestChannels.register(registry, OctopiaTestChannels.timeouts());
        TestChannels.register(registry, OctopiaTestChannels.channel(3, "cdiscount-fr", cdiscount, 50));
        TestChannels.register(registry, OctopiaTestChannels.channel(4, "cdiscount-grc", grc, 50));
        registry.add("omniqueue.channels[4].operator-messages-need-reply", () -> "true");
        registry.add("omniqueue.channels[4].reply-shape", () -> "RECEIVER");
        TestChannels.register(registry, OctopiaTestChannels.channel(5, "cdiscount-bulk", bulk, 50));
        TestChannels.register(registry, OctopiaTestChannels.channel(6, "cdiscount-unlinked", unlinked, 20));
        TestChannels.register(registry, OctopiaTestChannels.channel(7, "cdiscount-paged", paged, 50));
        TestChannels.register(registry, OctopiaTestChannels.channel(8, "cdiscount-flaky", flaky, 50));
        TestChannels.register(registry, OctopiaTestChannels.channel(9, "cdiscount-wrong", wrongSecret, 50));
        registry.add("omniqueue.channels[9].client-secret", () -> "not-the-secret");
        registry.add("omniqueue.polling.failure-backoff", () -> "5s");
        // bcrypt of "demo-admin", as in SignInBrowserTest.
        registry.add("omniqueue.security.users[0].username", () -> "marta");
        registry.add("omniqueue.security.users[0].password",
                () -> "{bcrypt}$2a$10$VHtqbmN.kxhV5Q7HbsmH9uBwSJCBc2NHlLM142CqM7f1Qg9/Ls1UW");
        registry.add("omniqueue.security.users[0].roles", () -> "agent");
        registry.add("omniqueue.security.users[0].name", () -> "Marta Ruiz");
    }

    @AfterAll
    static void stopSimulators() {
        List.of(cdiscount, grc, bulk, unlinked, paged, flaky, wrongSecret).forEach(OctopiaSimulator::close);
    }

    /** Octopia's times and ours from one clock, which the tests move. */
    @BeforeEach
    void shareTheTestClock() {
        List.of(cdiscount, grc, bulk, unlinked, paged, flaky, wrongSecret).forEach(s -> s.setClock(clock));
    }

    // ---------------------------------------------------------------- polling

    @Test
    void fullImportFollowsTheLinkHeaderPageByPageThenOnlyWhatChanged() {
        bulk.seedDiscussions(120, Instant.now().minus(Duration.ofDays(3)), Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from message where channel_id = 'cdiscount-bulk'") == 120);
        assertThat(count("select count(*) from conversation where channel_id = 'cdiscount-bulk'")).isEqualTo(120);
        assertThat(bulk.listQueries()).extracting(q -> q.get("pageIndex")).contains("1", "2", "3").doesNotContain("4");
        assertThat(bulk.listQueries()).allSatisfy(q -> {
            assertThat(q).containsEntry("isOpen", "true").containsEntry("salesChannel", "CDISFR").containsEntry("pageSize", "50");
            // Never more than six months back: the simulator would refuse it, as Octopia does.
            assertThat(Instant.parse(q.get("updatedAtMin")))
                    .isAfter(Instant.now().atOffset(ZoneOffset.UTC).minusMonths(6).toInstant());
        });

        int queries = bulk.listQueries().size();
        String discussion = jdbc.sql("select external_thread_id from conversation where channel_id = 'cdiscount-bulk' order by id limit 1")
                .query(String.class).single();
        bulk.customerWrites(discussion, "Alors, des nouvelles de ma commande ?");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from message where channel_id = 'cdiscount-bulk'") == 121);
        // Later runs start from the last update seen (less the overlap): one short page, no page 2.
        List<Map<String, String>> later = bulk.listQueries().subList(queries, bulk.listQueries().size());
        assertThat(later).isNotEmpty().allSatisfy(q -> assertThat(q.get("pageIndex")).isEqualTo("1"));
        assertThat(Instant.parse(later.get(later.size() - 1).get("updatedAtMin")))
                .isAfter(Instant.parse(bulk.listQueries().get(0).get("updatedAtMin")).plus(Duration.ofHours(9)));
    }

    @Test
    void withoutALinkHeaderPagesAreReadUntilAShortPage() {
        unlinked.seedDiscussions(45, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from conversation where channel_id = 'cdiscount-unlinked'") == 45);
        await().atMost(Duration.ofSeconds(10)).until(() -> !channel("cdiscount-unlinked").get("runInProgress").asBoolean());
        // Pages of 20: 20, 20, then 5, which ends the run; no page 4 is asked for.
        assertThat(unlinked.listQueries()).extracting(q -> q.get("pageIndex")).contains("1", "2", "3").doesNotContain("4");
    }

    @Test
    void rateLimitOnPageThreeWaitsForRetryAfterThenResumesOnPageThree() {
        paged.failOnPage(3, 429, 120);
        paged.seedDiscussions(130, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> "BACKING_OFF".equals(channel("cdiscount-paged").get("state").asText()));
        JsonNode backingOff = channel("cdiscount-paged");
        assertThat(Instant.parse(backingOff.get("nextPollAt").asText())).isAfterOrEqualTo(clock.instant().plusSeconds(119));
        assertThat(backingOff.get("lastError").asText()).contains("429");
        assertThat(count("select count(*) from message where channel_id = 'cdiscount-paged'")).isEqualTo(100);
        int callsAtTheLimit = paged.listQueries().size();

        clock.advance(Duration.ofSeconds(100));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> paged.listQueries().size() == callsAtTheLimit);

        clock.advance(Duration.ofSeconds(21));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from message where channel_id = 'cdiscount-paged'") == 130);
        // The call after the wait is page 3 again, not a new run from page 1.
        assertThat(paged.listQueries().get(callsAtTheLimit).get("pageIndex")).isEqualTo("3");
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACTIVE".equals(channel("cdiscount-paged").get("state").asText()));
    }

    @Test
    void serverErrorsAndTimeoutsBackOffThenRecover() {
        String discussion = flaky.openDiscussion("CD-FLAKY", "555", "Retard", "Bonjour, ma commande est en retard.");
        conversationOf("cdiscount-flaky", discussion);
        flaky.failNext("GET", "/seller/v2/discussions", 1, 500, -1);
        String second = flaky.openDiscussion("CD-FLAKY-2", "556", "Retard", "Bonjour, toujours rien reçu.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "BACKING_OFF".equals(channel("cdiscount-flaky").get("state").asText()));
        assertThat(channel("cdiscount-flaky").get("lastError").asText()).contains("500");
        clock.advance(Duration.ofSeconds(6));
        conversationOf("cdiscount-flaky", second);

        // A detail that answers after the client's timeout (4 s in these tests): the run fails and is tried again later.
        flaky.delayNext("GET", "/seller/v2/discussions/.*", 1, Duration.ofSeconds(6));
        String third = flaky.openDiscussion("CD-FLAKY-3", "557", "Retard", "Bonjour, avez-vous expédié ?");
        await().atMost(Duration.ofSeconds(20)).until(() -> channel("cdiscount-flaky").get("lastError").asText().contains("failed"));
        clock.advance(Duration.ofSeconds(11));
        conversationOf("cdiscount-flaky", third);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACTIVE".equals(channel("cdiscount-flaky").get("state").asText()));
    }

    // ---------------------------------------------------------------- token

    @Test
    void expiredTokenIsRefreshedOnceAndTheCallRetried() {
        String first = cdiscount.openDiscussion("CD-TOKEN-1", "700", "Question", "Bonjour, une question sur ma commande.");
        conversationOf("cdiscount-fr", first);
        int issued = cdiscount.tokensIssued();
        cdiscount.expireTokens();
        String second = cdiscount.openDiscussion("CD-TOKEN-2", "701", "Question", "Bonjour, une autre question.");
        conversationOf("cdiscount-fr", second);
        assertThat(cdiscount.tokensIssued()).isEqualTo(issued + 1);
        assertThat(channel("cdiscount-fr").get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void refusedClientCredentialsPausePollingWithKeycloaksReason() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UNAUTHORIZED".equals(channel("cdiscount-wrong").get("state").asText()));
        assertThat(channel("cdiscount-wrong").get("lastError").asText()).contains("401").contains("Invalid client")
                .contains("client-secret");
        assertThat(wrongSecret.requestCount("GET", "/seller/v2/.*")).isZero();
    }

    // ---------------------------------------------------------------- who wrote

    @Test
    void orderReferenceIsKeptAndSellerMessagesFromThePortalStopTheClock() {
        String discussion = cdiscount.openDiscussion("2311150930ABCDE", "98765432", "Produit endommagé",
                "Bonjour, le colis est arrivé cassé.");
        long id = conversationOf("cdiscount-fr", discussion);
        assertThat(status(id)).isEqualTo("NEEDS_REPLY");
        assertThat(conversation(id).get("orderId").asText()).isEqualTo("2311150930ABCDE");
        assertThat(conversation(id).get("marketplace").asText()).isEqualTo("cdiscount.fr");

        cdiscount.sellerWritesInPortal(discussion, "Bonjour, nous vous envoyons un nouveau produit.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(status(id)));
        // Automatic messages and, by default, operator messages are shown but start no clock.
        cdiscount.automaticWrites(discussion, "Rappel : le client attend une réponse.");
        cdiscount.operatorWrites(discussion, "Le service client Cdiscount suit ce dossier.");
        await().atMost(Duration.ofSeconds(20)).until(() -> conversation(id).get("messages").size() == 4);
        assertThat(status(id)).isEqualTo("WAITING_CUSTOMER");
    }

    @Test
    void operatorMessagesStartTheClockWhereTheChannelSaysSo() {
        String discussion = grc.openDiscussion("CD-GRC", "800", "Litige", "Bonjour, je n'ai rien reçu.");
        long id = conversationOf("cdiscount-grc", discussion);
        grc.sellerWritesInPortal(discussion, "Bonjour, le colis est en route.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(status(id)));
        clock.advance(Duration.ofSeconds(1));
        grc.operatorWrites(discussion, "Merci de fournir le numéro de suivi au client.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "NEEDS_REPLY".equals(status(id)));
    }

    // ---------------------------------------------------------------- replies

    @Test
    void replyRoundTripAdoptsOctopiasMessageIdAndIsReadBackOnce() {
        String discussion = cdiscount.openDiscussion("CD-REPLY", "900", "Taille", "Bonjour, ce modèle taille-t-il grand ?");
        long id = conversationOf("cdiscount-fr", discussion);
        Api.Response r = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Bonjour, il taille normalement.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long replyId = r.json().get("replyId").asLong();

        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));
        List<SimulatedMessage> inOctopia = cdiscount.messages(discussion);
        assertThat(inOctopia).filteredOn(m -> m.userType().equals("Seller")).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo("Bonjour, il taille normalement."));
        assertThat(api().get("/api/replies/" + replyId).json().get("externalMessageId").asText())
                .isEqualTo(inOctopia.get(1).messageId());

        int polls = cdiscount.listQueries().size();
        await().atMost(Duration.ofSeconds(10)).until(() -> cdiscount.listQueries().size() >= polls + 2);
        assertThat(conversation(id).get("messages")).hasSize(2);
        assertThat(status(id)).isEqualTo("WAITING_CUSTOMER");
    }

    @Test
    void replyShapeSettingChoosesTheBodyOctopiaTakes() {
        String discussion = grc.openDiscussion("CD-SHAPE", "801", "Couleur", "Existe-t-il en bleu ?");
        long id = conversationOf("cdiscount-grc", discussion);
        long replyId = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Oui, en bleu marine aussi.\"}")
                .json().get("replyId").asLong();
        // This simulator takes only {receiver:"Customer"}: a receivers array would be refused and the reply FAILED.
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));
        assertThat(grc.messages(discussion)).anyMatch(m -> m.body().equals("Oui, en bleu marine aussi."));
    }

    @Test
    void repliesOutsideOctopiasLimitsAreRefusedBeforeAcceptanceNamingTheRule() throws Exception {
        int posts = cdiscount.requestCount("POST", "/seller/v2/messages");
        String discussion = cdiscount.openDiscussion("CD-LIMITS", "901", "Question", "Bonjour, une question ?");
        long id = conversationOf("cdiscount-fr", discussion);
        Api.Response tooShort = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Merci !\"}");
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.json().get("detail").asText()).contains("13 to 5000");
        Api.Response tooLong = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"" + "a".repeat(5001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(422);
        // Octopia counts the body as sent, trailing line break included (the text is not trimmed on the way).
        Api.Response tooLongWithItsLineBreak = api().post("/api/conversations/" + id + "/replies",
                "{\"body\":\"" + "a".repeat(5000) + "\\n\"}");
        assertThat(tooLongWithItsLineBreak.status()).as(tooLongWithItsLineBreak.body()).isEqualTo(422);

        HttpResponse<String> fourFiles = multipart(id, "Voici les documents demandés.",
                List.of("a.pdf", "b.pdf", "c.pdf", "d.pdf"), 10);
        assertThat(fourFiles.statusCode()).isEqualTo(422);
        assertThat(fourFiles.body()).contains("at most 3 attachments");
        HttpResponse<String> wrongFormat = multipart(id, "Voici le fichier demandé.", List.of("notes.txt"), 10);
        assertThat(wrongFormat.statusCode()).isEqualTo(422);
        assertThat(wrongFormat.body()).contains("notes.txt");
        HttpResponse<String> tooBig = multipart(id, "Voici les photos demandées.", List.of("a.jpg", "b.jpg"), 2_200_000);
        assertThat(tooBig.statusCode()).isEqualTo(422);
        assertThat(tooBig.body()).contains("4 MB");
        assertThat(cdiscount.requestCount("POST", "/seller/v2/messages")).isEqualTo(posts);
        assertThat(count("select count(*) from reply where conversation_id = ?", id)).isZero();
    }

    // ---------------------------------------------------------------- closing (generic, and Octopia's closer)

    List<String> trail(long id) {
        List<String> kinds = new java.util.ArrayList<>();
        conversation(id).get("events").forEach(e -> kinds.add(e.get("kind").asText()));
        return kinds;
    }

    String trailDetail(long id, String kind) {
        for (JsonNode e : conversation(id).get("events")) {
            if (e.get("kind").asText().equals(kind)) {
                return e.get("detail").asText();
            }
        }
        return null;
    }

    @Test
    void closingOnAWebhookChannelClosesInsideOnlyLeavesTheQueueAndReopensWhenTheCustomerWrites() {
        String thread = "close-" + java.util.UUID.randomUUID();
        assertThat(api().post("/api/inbound/web-shop", Api.webhookMessage(thread, thread + "/1", clock.instant().toString()))
                .status()).isBetween(200, 202);
        long id = count("select id from conversation where channel_id = 'web-shop' and external_thread_id = ?", thread);
        assertThat(status(id)).isEqualTo("NEEDS_REPLY");

        Api.Response closed = api().post("/api/conversations/" + id + "/close", null);
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.json().get("dueAt").isNull()).isTrue();
        assertThat(trailDetail(id, "CLOSED")).isEqualTo("closed in Omniqueue only");
        assertThat(count("select count(*) from reply where conversation_id = ?", id)).isZero();
        assertThat(api().get("/api/conversations?status=NEEDS_REPLY&limit=200").json().get("items").findValuesAsText("id"))
                .doesNotContain(String.valueOf(id));

        Api.Response again = api().post("/api/conversations/" + id + "/close", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("closed already");
        assertThat(api().post("/api/conversations/999999999/close", null).status()).isEqualTo(404);

        clock.advance(Duration.ofSeconds(1));
        api().post("/api/inbound/web-shop", Api.webhookMessage(thread, thread + "/2", clock.instant().toString()));
        assertThat(status(id)).isEqualTo("NEEDS_REPLY");
        assertThat(trail(id)).containsSubsequence("CLOSED", "REOPENED", "CLOCK_STARTED");
    }

    @Test
    void closingAnOctopiaConversationClosesTheDiscussionAndTheCustomerReopensBoth() {
        String discussion = cdiscount.openDiscussion("CD-CLOSE", "950", "Merci", "Bonjour, où est mon colis ?");
        long id = conversationOf("cdiscount-fr", discussion);
        cdiscount.sellerWritesInPortal(discussion, "Bonjour, il arrive demain.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(status(id)));

        assertThat(api().post("/api/conversations/" + id + "/close", null).json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(trailDetail(id, "CLOSED")).isEqualTo("the source's thread will be closed too");
        await().atMost(Duration.ofSeconds(20)).until(() -> !cdiscount.isOpen(discussion));
        await().atMost(Duration.ofSeconds(10)).until(() -> trail(id).contains("SOURCE_CLOSED"));
        assertThat(cdiscount.requestCount("PATCH", "/seller/v2/discussions/" + discussion)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        cdiscount.customerWrites(discussion, "Finalement il n'est pas arrivé.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "NEEDS_REPLY".equals(status(id)));
        assertThat(trail(id)).containsSubsequence("CLOSED", "SOURCE_CLOSED", "REOPENED");
        assertThat(cdiscount.isOpen(discussion)).isTrue();
    }

    @Test
    void closeWhileOctopiaIsDownIsRetriedLaterThenDone() {
        String discussion = cdiscount.openDiscussion("CD-CLOSE-DOWN", "951", "Merci", "Bonjour, une question.");
        long id = conversationOf("cdiscount-fr", discussion);
        cdiscount.sellerWritesInPortal(discussion, "Bonjour, voici la réponse.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(status(id)));
        cdiscount.failNext("PATCH", "/seller/v2/discussions/" + discussion, 1, 503, -1);

        api().post("/api/conversations/" + id + "/close", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> trail(id).contains("SOURCE_CLOSE_RETRYING"));
        assertThat(trailDetail(id, "SOURCE_CLOSE_RETRYING")).contains("503");
        assertThat(cdiscount.isOpen(discussion)).isTrue();
        assertThat(status(id)).isEqualTo("CLOSED");

        // The outbox's backoff (10 s in tests) passes: the second attempt closes it.
        clock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(20)).until(() -> !cdiscount.isOpen(discussion));
        await().atMost(Duration.ofSeconds(10)).until(() -> trail(id).contains("SOURCE_CLOSED"));
        assertThat(cdiscount.requestCount("PATCH", "/seller/v2/discussions/" + discussion)).isEqualTo(2);
    }

    @Test
    void aCloseStillWaitingForItsRetryIsDroppedWhenTheCustomerWritesAgain() {
        String discussion = cdiscount.openDiscussion("CD-CLOSE-STALE", "955", "Merci", "Bonjour, une question.");
        long id = conversationOf("cdiscount-fr", discussion);
        cdiscount.sellerWritesInPortal(discussion, "Bonjour, voici la réponse.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(status(id)));
        cdiscount.failNext("PATCH", "/seller/v2/discussions/" + discussion, 1, 503, -1);
        api().post("/api/conversations/" + id + "/close", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> trail(id).contains("SOURCE_CLOSE_RETRYING"));

        clock.advance(Duration.ofSeconds(1));
        cdiscount.customerWrites(discussion, "En fait, il manque une pièce.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "NEEDS_REPLY".equals(status(id)));
        // The outbox's backoff (10 s in tests) passes: the close must not shut the customer's new question.
        clock.advance(Duration.ofSeconds(11));

        await().atMost(Duration.ofSeconds(20)).until(() -> trail(id).contains("SOURCE_CLOSE_REFUSED"));
        assertThat(trailDetail(id, "SOURCE_CLOSE_REFUSED")).contains("the customer wrote after the close");
        assertThat(cdiscount.isOpen(discussion)).isTrue();
        assertThat(cdiscount.requestCount("PATCH", "/seller/v2/discussions/" + discussion)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("NEEDS_REPLY");
    }

    @Test
    void answerThenCloseAtOnceDeliversTheAnswerBeforeTheClose() {
        String discussion = cdiscount.openDiscussion("CD-ANSWER-CLOSE", "954", "Délai", "Bonjour, quel est le délai ?");
        long id = conversationOf("cdiscount-fr", discussion);
        // The first post hangs a moment: a close sent meanwhile would reach an unanswered discussion, which Octopia refuses.
        cdiscount.delayNext("POST", "/seller/v2/messages", 1, Duration.ofMillis(1500));
        long replyId = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Bonjour, sous 48 heures.\"}")
                .json().get("replyId").asLong();
        assertThat(api().post("/api/conversations/" + id + "/close", null).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> !cdiscount.isOpen(discussion));
        assertThat(api().get("/api/replies/" + replyId).json().get("status").asText()).isEqualTo("SENT");
        await().atMost(Duration.ofSeconds(10)).until(() -> trail(id).contains("SOURCE_CLOSED"));
        assertThat(trail(id)).containsSubsequence("REPLY_SENT", "SOURCE_CLOSED").doesNotContain("SOURCE_CLOSE_REFUSED");
    }

    @Test
    void closeTheSourceRefusesIsToldInTheTrailAndStaysClosedInside() {
        // Octopia is said not to close a discussion the seller has not answered [U]; the simulator holds to it.
        String discussion = cdiscount.openDiscussion("CD-CLOSE-REFUSED", "952", "Spam", "Bonjour bonjour bonjour.");
        long id = conversationOf("cdiscount-fr", discussion);
        api().post("/api/conversations/" + id + "/close", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> trail(id).contains("SOURCE_CLOSE_REFUSED"));
        assertThat(trailDetail(id, "SOURCE_CLOSE_REFUSED")).contains("400").contains("before the seller has answered");
        assertThat(status(id)).isEqualTo("CLOSED");
        assertThat(cdiscount.isOpen(discussion)).isTrue();
        // Failed closes are no failed replies: the outbox gauges count replies only.
        assertThat(api().get("/api/replies/" + count("select max(id) from reply where conversation_id = ?", id)).status())
                .isEqualTo(404);
    }

    @Test
    void theCloseButtonOfTheConversationPageClosesIt() throws Exception {
        String discussion = cdiscount.openDiscussion("CD-CLOSE-WEB", "953", "Merci", "Bonjour, tout est arrivé, merci.");
        long id = conversationOf("cdiscount-fr", discussion);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String login = browser.send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> signedIn = browser.send(form("/login", "username=marta&password=demo-admin&_csrf=" + csrf(login)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);

        String page = browser.send(HttpRequest.newBuilder(URI.create(url("/conversations/" + id))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("id=\"close-conversation\"").contains("Close conversation").doesNotContain("id=\"closed-note\"");
        HttpResponse<String> closed = browser.send(form("/conversations/" + id + "/close", "_csrf=" + csrf(page)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(closed.statusCode()).isEqualTo(302);
        assertThat(closed.headers().firstValue("Location").orElseThrow()).endsWith("/conversations/" + id);

        assertThat(status(id)).isEqualTo("CLOSED");
        assertThat(conversation(id).get("events")).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("CLOSED");
            assertThat(e.get("actor").asText()).isEqualTo("marta");
        });
        String after = browser.send(HttpRequest.newBuilder(URI.create(url("/conversations/" + id + "?lang=es"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(after).contains("id=\"closed-note\"").contains("Esta conversación está cerrada")
                .doesNotContain("id=\"close-conversation\"");
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpRequest form(String path, String body) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String csrf(String html) {
        var m = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> multipart(long id, String body, List<String> names, int size) throws Exception {
        String boundary = "omniqueue-test-boundary";
        StringBuilder s = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n" + body + "\r\n");
        for (String name : names) {
            s.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"files\"; filename=\"").append(name)
                    .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n").append("x".repeat(size)).append("\r\n");
        }
        s.append("--").append(boundary).append("--\r\n");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/conversations/" + id + "/replies"))
                .header("Authorization", "Bearer " + TestChannels.TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(s.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
