package io.omniqueue.channel.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.sandbox.ebay.EbayMessage;
import io.omniqueue.sandbox.ebay.EbaySimulator;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The eBay connector against eBay simulators that enforce the Commerce Message API's rules: the
 * real route (Quartz every second), the real HTTP component, a real database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class EbayConnectorTest extends ConnectorTestSupport {

    static final EbaySimulator ebay = EbayTestChannels.simulator();
    static final EbaySimulator bulk = EbayTestChannels.simulator();
    static final EbaySimulator flaky = EbayTestChannels.simulator();
    static final EbaySimulator revoked = EbayTestChannels.simulator();
    static final EbaySimulator budget = EbayTestChannels.simulator();
    static final String LIST = "/commerce/message/v1/conversation";

    static {
        // Before the first poll: the bulk account's backlog, and a refresh token the seller withdrew.
        bulk.seedConversations(120, Instant.now().minus(Duration.ofDays(2)), Duration.ofMinutes(2));
        revoked.revokeRefreshToken();
        for (int i = 0; i < 3; i++) {
            budget.buyerAsks("budget-buyer-" + i, "40000000555" + i, "¿Tenéis stock?");
        }
    }

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "ebay"));
        TestChannels.register(registry, EbayTestChannels.channel(3, "ebay-es", ebay, 50));
        TestChannels.register(registry, EbayTestChannels.channel(4, "ebay-bulk", bulk, 50));
        TestChannels.register(registry, EbayTestChannels.channel(5, "ebay-flaky", flaky, 50));
        TestChannels.register(registry, EbayTestChannels.channel(6, "ebay-revoked", revoked, 50));
        TestChannels.register(registry, EbayTestChannels.channel(7, "ebay-budget", budget, 50));
        registry.add("omniqueue.channels[7].daily-call-budget", () -> "6");
        registry.add("omniqueue.polling.failure-backoff", () -> "5s");
        // The test clock stands still: a first call timing out on a busy machine would leave its
        // channel backing off for good, so the timeout is generous; the hang test waits longer.
        registry.add("camel.component.http.so-timeout", () -> "5000");
        registry.add("camel.component.http.response-timeout", () -> "5000");
    }

    @AfterAll
    static void stopSimulators() {
        List.of(ebay, bulk, flaky, revoked, budget).forEach(EbaySimulator::close);
    }

    /** eBay's clock and ours agree, as they do in production (NTP): the test moves both. */
    @BeforeEach
    void simulatorsFollowTheTestClock() {
        List.of(ebay, bulk, flaky, revoked, budget).forEach(s -> s.setClock(clock));
    }

    JsonNode reply(long replyId) {
        return api().get("/api/replies/" + replyId).json();
    }

    long replyTo(long conversationId, String text) {
        Api.Response r = api().post("/api/conversations/" + conversationId + "/replies",
                "{\"body\":\"" + text.replace("\"", "\\\"") + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("replyId").asLong();
    }

    // ---------------------------------------------------------------- polling

    @Test
    void firstPollImportsEveryConversationPageByPageAndLaterPollsOnlyWhatChanged() {
        String longOne = bulk.buyerAsks("hablador", "405000000001", "Mensaje 0", Instant.now().minus(Duration.ofDays(3)));
        for (int i = 1; i < 60; i++) {
            bulk.buyerWrites(longOne, "Mensaje " + i);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from message where channel_id = 'ebay-bulk'") == 180);
        assertThat(count("select count(*) from conversation where channel_id = 'ebay-bulk'")).isEqualTo(121);
        // 121 conversations, 50 a page: offsets 0, 50, 100 (a run may have started before the long one was written)
        assertThat(bulk.listOffsetsRequested()).contains(0, 50, 100).allMatch(o -> o % 50 == 0);
        // The long conversation's 60 messages over two pages of getConversation, newest first.
        assertThat(bulk.requestCount("GET", LIST + "/" + longOne)).isGreaterThanOrEqualTo(2);
        long longConversation = conversationOf("ebay-bulk", longOne);
        JsonNode messages = conversation(longConversation).get("messages");
        assertThat(messages).hasSize(60);
        assertThat(messages.get(0).get("body").asText()).isEqualTo("Mensaje 0");

        await().atMost(Duration.ofSeconds(10)).until(() -> !channel("ebay-bulk").get("runInProgress").asBoolean()
                && jdbc.sql("select position from channel_cursor where channel_id = 'ebay-bulk'").query(String.class)
                .optional().isPresent());
        String untouched = jdbc.sql("""
                select external_thread_id from conversation where channel_id = 'ebay-bulk' and external_thread_id <> ?
                order by id limit 1""").param(1, longOne).query(String.class).single();
        int untouchedReads = bulk.requestCount("GET", LIST + "/" + untouched);

        bulk.buyerWrites(longOne, "¿Alguna novedad?");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from message where channel_id = 'ebay-bulk'") == 181);
        int polls = bulk.requestCount("GET", LIST);
        await().atMost(Duration.ofSeconds(10)).until(() -> bulk.requestCount("GET", LIST) >= polls + 2);
        // Later polls ask from the cursor (start_time: the newest message seen, less the overlap)
        // and read no unchanged conversation again.
        Instant position = Instant.parse(jdbc.sql("select position from channel_cursor where channel_id = 'ebay-bulk'")
                .query(String.class).single());
        List<String> startTimes = bulk.listStartTimesRequested();
        // eBay's start_time has milliseconds; the position keeps what the message said (microseconds
        // here, from the test clock), so the request starts at most a millisecond earlier, never later.
        assertThat(Instant.parse(startTimes.get(startTimes.size() - 1)))
                .isEqualTo(position.minus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(bulk.requestCount("GET", LIST + "/" + untouched)).isEqualTo(untouchedReads);
        assertThat(count("select count(*) from message where channel_id = 'ebay-bulk'")).isEqualTo(181);
    }

    @Test
    void buyerConversationShowsTheListingTheBuyerAndTheMarketplace() {
        String id = ebay.buyerAsks("lucia_m82", "405955487848", "Hola, ¿cuánto tarda el envío a Sevilla?");
        long conversation = conversationOf("ebay-es", id);
        JsonNode view = conversation(conversation);
        assertThat(view.get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(view.get("subject").asText()).isEqualTo("Question about item 405955487848");
        assertThat(view.get("orderId").isNull()).isTrue();
        assertThat(view.get("customerName").asText()).isEqualTo("lucia_m82");
        assertThat(view.get("marketplace").asText()).isEqualTo("ebay.es");
        // SLA default: 24 h wall-clock from the buyer's message.
        Instant sent = Instant.parse(view.get("messages").get(0).get("sentAt").asText());
        assertThat(Instant.parse(view.get("contractDueAt").asText())).isEqualTo(sent.plus(Duration.ofHours(24)));
    }

    @Test
    void sellerAnswerTypedOnEbayStopsTheClock() {
        String id = ebay.buyerAsks("javi.rdz", "405955487849", "¿Talla bien o pido una más?");
        long conversation = conversationOf("ebay-es", id);
        ebay.sellerWritesOnEbay(id, "Talla normal, pide tu talla de siempre.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(conversation(conversation).get("status").asText()));
        JsonNode shopMessage = conversation(conversation).get("messages").get(1);
        assertThat(shopMessage.get("direction").asText()).isEqualTo("OUTBOUND");
        assertThat(shopMessage.get("author").asText()).isEqualTo(EbayTestChannels.SELLER);
    }

    // ---------------------------------------------------------------- replies

    @Test
    void replyRoundTripSendsTheMessageAdoptsItsIdAndMarksTheConversationRead() {
        String id = ebay.buyerAsks("carmen-bcn", "405955487850", "La pantalla llegó rota.");
        long conversation = conversationOf("ebay-es", id);
        long replyId = replyTo(conversation, "Lo sentimos, le enviamos otra hoy mismo. Precio < 20 € de envío: gratis.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));

        List<EbayMessage> inEbay = ebay.messages(id);
        assertThat(inEbay).hasSize(2);
        assertThat(inEbay.get(1).senderUsername()).isEqualTo(EbayTestChannels.SELLER);
        assertThat(inEbay.get(1).text()).startsWith("Lo sentimos");
        assertThat(reply(replyId).get("externalMessageId").asText()).isEqualTo(inEbay.get(1).messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> ebay.isRead(id));

        // Polls read our message back from eBay: the same message, not a second one.
        int polls = ebay.requestCount("GET", LIST);
        await().atMost(Duration.ofSeconds(10)).until(() -> ebay.requestCount("GET", LIST) >= polls + 2);
        assertThat(conversation(conversation).get("messages")).hasSize(2);
        assertThat(conversation(conversation).get("status").asText()).as(conversation(conversation).toString())
                .isEqualTo("WAITING_CUSTOMER");
    }

    @Test
    void aFailedMarkAsReadDoesNotTurnASentReplyIntoAFailure() {
        String id = ebay.buyerAsks("pablo_gs", "405955487851", "¿Cómo hago la devolución?");
        long conversation = conversationOf("ebay-es", id);
        ebay.failNext("POST", "/commerce/message/v1/update_conversation", 1, 500);
        long replyId = replyTo(conversation, "Le enviamos la etiqueta de devolución por mensaje.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));
        assertThat(reply(replyId).get("attempts").asInt()).isEqualTo(1);
        assertThat(ebay.messages(id)).filteredOn(m -> m.text().startsWith("Le enviamos")).hasSize(1);
    }

    @Test
    void aSendThatTimesOutIsNotPostedTwiceWhenRetried() {
        String id = ebay.buyerAsks("hugo_lm", "405955487855", "¿Cuándo llega mi pedido?");
        long conversation = conversationOf("ebay-es", id);
        // eBay stores the message but answers after our timeout (5 s here).
        ebay.delayNext("POST", "/commerce/message/v1/send_message", 1, Duration.ofSeconds(7));
        int sends = ebay.requestCount("POST", "/commerce/message/v1/send_message");
        long replyId = replyTo(conversation, "Llega mañana por la mañana.");
        await().atMost(Duration.ofSeconds(30)).until(() -> reply(replyId).get("lastError").asText("").contains("failed"));

        clock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));
        assertThat(ebay.messages(id)).filteredOn(m -> m.text().equals("Llega mañana por la mañana.")).singleElement()
                .satisfies(m -> assertThat(reply(replyId).get("externalMessageId").asText()).isEqualTo(m.messageId()));
        // The retry found the message at eBay and took its id instead of posting it again.
        assertThat(ebay.requestCount("POST", "/commerce/message/v1/send_message")).isEqualTo(sends + 1);
        assertThat(reply(replyId).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void repliesEbayWouldRefuseAreRefusedBeforeAcceptanceNamingTheRule() throws Exception {
        String id = ebay.buyerAsks("marta.lopez.91", "405955487852", "¿Me enviáis la factura?");
        long conversation = conversationOf("ebay-es", id);
        int sends = ebay.requestCount("POST", "/commerce/message/v1/send_message");

        Api.Response tooLong = api().post("/api/conversations/" + conversation + "/replies", "{\"body\":\"" + "a".repeat(2001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("detail").asText()).contains("2000").contains("355013");
        assertThat(api().post("/api/conversations/" + conversation + "/replies", "{\"body\":\"" + "a".repeat(2000) + "\"}").status())
                .isEqualTo(202);

        Api.Response html = api().post("/api/conversations/" + conversation + "/replies", "{\"body\":\"<p>Adjuntamos la <b>factura</b></p>\"}");
        assertThat(html.status()).isEqualTo(422);
        assertThat(html.json().get("detail").asText()).contains("HTML").contains("<p>");

        String boundary = "ebay-test-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nAquí tiene la factura.\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"factura.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 factura\r\n--" + boundary + "--\r\n";
        HttpResponse<String> withFile = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/conversations/" + conversation + "/replies"))
                .header("Authorization", "Bearer " + TestChannels.TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withFile.statusCode()).isEqualTo(422);
        assertThat(withFile.body()).contains("https links");

        // Only the 2,000-character reply reached eBay.
        await().atMost(Duration.ofSeconds(20)).until(() -> ebay.requestCount("POST", "/commerce/message/v1/send_message") == sends + 1);
        assertThat(ebay.messages(id)).hasSize(2);
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheCallRetriedOnce() {
        String before = ebay.buyerAsks("sergio-vlc", "405955487853", "¿Enviáis a Canarias?");
        conversationOf("ebay-es", before);
        int issued = ebay.tokensIssued();
        int unauthorized = ebay.answeredWith(401);

        ebay.expireAllTokens();
        String after = ebay.buyerAsks("ana_torres", "405955487854", "El seguimiento no se mueve.");
        conversationOf("ebay-es", after);
        assertThat(ebay.tokensIssued()).isEqualTo(issued + 1);
        assertThat(ebay.answeredWith(401)).isEqualTo(unauthorized + 1);
        assertThat(channel("ebay-es").get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aTokenIsReplacedBeforeItExpiresWithoutA401() {
        await().atMost(Duration.ofSeconds(20)).until(() -> ebay.tokensIssued() >= 1);
        int issued = ebay.tokensIssued();
        int unauthorized = ebay.answeredWith(401);
        // eBay's token lives 7,200 s; five minutes before that it is replaced.
        clock.advance(Duration.ofSeconds(7200 - 240));
        await().atMost(Duration.ofSeconds(20)).until(() -> ebay.tokensIssued() > issued);
        assertThat(ebay.answeredWith(401)).isEqualTo(unauthorized);
    }

    @Test
    void aRefusedRefreshTokenPausesTheChannelWithoutARetryStorm() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UNAUTHORIZED".equals(channel("ebay-revoked").get("state").asText()));
        assertThat(channel("ebay-revoked").get("lastError").asText()).contains("invalid_grant").contains("refresh token");
        int tokenCalls = revoked.requestCount("POST", "/identity/v1/oauth2/token");
        clock.advance(Duration.ofHours(1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> revoked.requestCount("POST", "/identity/v1/oauth2/token") == tokenCalls);
        assertThat(revoked.requestCount("GET", LIST)).isZero();
    }

    // ---------------------------------------------------------------- faults

    @Test
    void rateLimit2001BacksOffThroughThePollRunThenRecovers() {
        flaky.failNext("GET", LIST, 1, 429);
        await().atMost(Duration.ofSeconds(20)).until(() -> "BACKING_OFF".equals(channel("ebay-flaky").get("state").asText()));
        JsonNode backingOff = channel("ebay-flaky");
        assertThat(backingOff.get("lastError").asText()).contains("429").contains("2001");
        assertThat(Instant.parse(backingOff.get("nextPollAt").asText())).isAfter(clock.instant());
        int calls = flaky.requestCount("GET", LIST);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> flaky.requestCount("GET", LIST) == calls);

        String id = flaky.buyerAsks("paciente", "405955487860", "¿Hay stock?");
        clock.advance(Duration.ofMinutes(1));
        conversationOf("ebay-flaky", id);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACTIVE".equals(channel("ebay-flaky").get("state").asText()));
    }

    @Test
    void serverErrorsAndHangsBackOffAndThePollRecovers() {
        flaky.failNext("GET", LIST, 1, 500);
        await().atMost(Duration.ofSeconds(20)).until(() -> channel("ebay-flaky").get("lastError").asText().contains("500"));
        clock.advance(Duration.ofMinutes(1));

        // A hang longer than the HTTP timeout (5 s here): the poll fails as unavailable.
        flaky.delayNext("GET", LIST, 1, Duration.ofSeconds(7));
        await().atMost(Duration.ofSeconds(30)).until(() -> "BACKING_OFF".equals(channel("ebay-flaky").get("state").asText())
                && channel("ebay-flaky").get("lastError").asText().contains("timed out"));
        String id = flaky.buyerAsks("otra-vez", "405955487861", "¿Sigue disponible?");
        clock.advance(Duration.ofMinutes(2));
        conversationOf("ebay-flaky", id);
    }

    // ---------------------------------------------------------------- the daily call budget

    @Test
    void aSpentDailyBudgetHoldsPollsAndRepliesUntilTheNextUtcDay() {
        // 6 calls a day: the token, the list, three conversations, one more list; then nothing.
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from conversation where channel_id = 'ebay-budget'") == 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> channel("ebay-budget").path("details").path("callsLeftToday").asInt(-1) == 0
                && "BACKING_OFF".equals(channel("ebay-budget").get("state").asText()));
        JsonNode spent = channel("ebay-budget");
        Instant midnight = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(spent.get("details").get("dailyCallBudget").asInt()).isEqualTo(6);
        assertThat(spent.get("details").get("callsToday").asInt()).isEqualTo(6);
        assertThat(Instant.parse(spent.get("details").get("budgetResetsAt").asText())).isEqualTo(midnight);
        assertThat(Instant.parse(spent.get("nextPollAt").asText())).isEqualTo(midnight);
        assertThat(spent.get("lastError").asText()).contains("budget");
        // Counted from here: when the tests before this one moved the shared clock past a UTC midnight,
        // the channel had spent the day before's budget too.
        int spentCalls = budget.totalRequests();
        assertThat(spentCalls).isGreaterThanOrEqualTo(6);

        long conversation = count("select min(id) from conversation where channel_id = 'ebay-budget'");
        long replyId = replyTo(conversation, "Sí, tenemos stock.");
        await().atMost(Duration.ofSeconds(20)).until(() -> reply(replyId).get("lastError").asText("").contains("budget"));
        assertThat(reply(replyId).get("status").asText()).isEqualTo("PENDING");
        assertThat(budget.totalRequests()).as("no call once the day's budget is spent").isEqualTo(spentCalls);

        clock.advance(Duration.between(clock.instant(), midnight).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(reply(replyId).get("status").asText()));
        assertThat(channel("ebay-budget").get("details").get("callsToday").asInt()).isPositive();
    }
}
