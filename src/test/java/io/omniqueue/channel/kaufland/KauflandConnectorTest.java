package io.omniqueue.channel.kaufland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.sandbox.kaufland.KauflandMessage;
import io.omniqueue.sandbox.kaufland.KauflandSimulator;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Kaufland connector against Kaufland simulators that check every request's signature: the
 * real routes (Quartz every second), the real HTTP component, a real database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class KauflandConnectorTest extends ConnectorTestSupport {

    static final String SECRET = KauflandChannels.SECRET_KEY;
    static final KauflandSimulator kaufland = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY, SECRET);
    static final KauflandSimulator bulk = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY, SECRET);
    static final KauflandSimulator limited = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY, SECRET);
    static final KauflandSimulator flaky = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY, SECRET);
    static final KauflandSimulator wrongSecret = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY, SECRET);
    static final KauflandSimulator calendar = KauflandSimulator.start(0, KauflandChannels.CLIENT_KEY, SECRET);
    // Friday 2026-11-20 15:00 Berlin: before the first poll, so the channel's first run reads it.
    static final String FRIDAY_TICKET = calendar.buyerOpensTicket("de", 77, "ORD-FRI", "Erika", "Wann kommt mein Paket?",
            Instant.parse("2026-11-20T14:00:00Z"));

    static {
        // A cold Jetty can miss the first poll's short timeout on a loaded machine, and the frozen
        // test clock would then hold the channel in its backoff: answer one request first.
        List.of(kaufland, bulk, limited, flaky, wrongSecret, calendar).forEach(KauflandConnectorTest::warmUp);
    }

    @TempDir
    static Path dataDir;

    @Autowired
    KauflandCloser closer;
    @Autowired
    ChannelRegistry channels;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "kaufland"));
        TestChannels.register(registry, KauflandChannels.channel(3, "kaufland-de", kaufland.baseUrl(), SECRET));
        TestChannels.register(registry, KauflandChannels.channel(4, "kaufland-bulk", bulk.baseUrl(), SECRET));
        TestChannels.register(registry, KauflandChannels.channel(5, "kaufland-limited", limited.baseUrl(), SECRET));
        TestChannels.register(registry, KauflandChannels.channel(6, "kaufland-flaky", flaky.baseUrl(), SECRET));
        TestChannels.register(registry, KauflandChannels.channel(7, "kaufland-wrong", wrongSecret.baseUrl(), "not-the-secret"));
        TestChannels.register(registry, KauflandChannels.channel(8, "kaufland-calendar", calendar.baseUrl(), SECRET));
        registry.add("omniqueue.polling.failure-backoff", () -> "5s");
        registry.add("camel.component.http.so-timeout", () -> "3000");
        registry.add("camel.component.http.response-timeout", () -> "3000");
    }

    static void warmUp(KauflandSimulator simulator) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/tickets")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopSimulators() {
        List.of(kaufland, bulk, limited, flaky, wrongSecret, calendar).forEach(KauflandSimulator::close);
    }

    @BeforeEach
    void kauflandDatesFollowTheServicesClock() {
        // The service's clock is frozen for the test; Kaufland's message dates must line up with it.
        List.of(kaufland, bulk, limited, flaky, wrongSecret).forEach(s -> s.setClock(clock));
    }

    void awaitPolls(KauflandSimulator simulator, int polls) {
        int seen = simulator.requestCount("GET", "/v2/tickets");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.requestCount("GET", "/v2/tickets") >= seen + polls);
    }

    // ---------------------------------------------------------------- polling

    @Test
    void firstPollImportsEveryTicketThirtyAPageAndLaterPollsOnlyWhatChanged() {
        bulk.seedTickets("de", 95, Instant.now().minus(Duration.ofDays(1)), Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(40)).until(() -> count(
                "select count(*) from message where channel_id = 'kaufland-bulk'") == 95);
        assertThat(count("select count(*) from conversation where channel_id = 'kaufland-bulk'")).isEqualTo(95);
        assertThat(bulk.offsetsRequested()).containsSubsequence(0, 30, 60, 90);

        List<String> tickets = jdbc.sql("select external_thread_id from conversation where channel_id = 'kaufland-bulk' "
                + "order by id limit 2").query(String.class).list();
        tickets.forEach(t -> bulk.buyerWrites(t, "Gibt es etwas Neues?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from message where channel_id = 'kaufland-bulk'") == 97);
        // From the cursor on, a poll finds only the changed tickets: one page, no following offsets.
        int offsetsSoFar = bulk.offsetsRequested().size();
        awaitPolls(bulk, 2);
        assertThat(bulk.offsetsRequested().subList(offsetsSoFar, bulk.offsetsRequested().size())).containsOnly(0);
        assertThat(count("select count(*) from message where channel_id = 'kaufland-bulk'")).isEqualTo(97);
    }

    @Test
    void ticketKeepsItsLeadingZerosTheOrderFromItsOrderUnitsAndOnlyTheChannelsStorefront() {
        String ticket = kaufland.buyerOpensTicket("de", 21631426, "ORD-4711", "Max Mustermann", "Das Gerät startet nicht.");
        String czech = kaufland.buyerOpensTicket("cz", 555, "ORD-CZ", "Jan Novák", "Dobrý den");
        long id = conversationOf("kaufland-de", ticket);
        assertThat(ticket).startsWith("001");
        JsonNode conversation = conversation(id);
        assertThat(conversation.get("orderId").asText()).isEqualTo("ORD-4711");
        assertThat(conversation.get("marketplace").asText()).isEqualTo("kaufland.de");
        assertThat(conversation.get("status").asText()).isEqualTo("NEEDS_REPLY");
        awaitPolls(kaufland, 2);
        assertThat(count("select count(*) from conversation where external_thread_id = ?", czech)).isZero();
        assertThat(kaufland.userAgents()).allMatch(agent -> agent.startsWith("Omniqueue/"));
    }

    @Test
    void sellerMessagesStopTheClockAndBuyerOrKauflandMessagesStartItButSystemNotesDoNot() {
        String ticket = kaufland.buyerOpensTicket("de", 1001, "ORD-5", "Anna", "Wo bleibt meine Lieferung?");
        long id = conversationOf("kaufland-de", ticket);
        assertThat(status(id)).isEqualTo("NEEDS_REPLY");

        clock.advance(Duration.ofMinutes(1));
        kaufland.sellerWritesInPortal(ticket, "Ist unterwegs.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING_CUSTOMER".equals(status(id)));

        clock.advance(Duration.ofMinutes(1));
        kaufland.systemWrites(ticket, "Der Kunde hat die Sendungsverfolgung geöffnet.");
        await().atMost(Duration.ofSeconds(20)).until(() -> conversation(id).get("messages").size() == 3);
        assertThat(status(id)).isEqualTo("WAITING_CUSTOMER");

        clock.advance(Duration.ofMinutes(1));
        kaufland.customerServiceWrites(ticket, "Bitte antworten Sie dem Kunden.");
        await().atMost(Duration.ofSeconds(20)).until(() -> "NEEDS_REPLY".equals(status(id)));
    }

    @Test
    void aTicketOpenedBySystemQuotingTheBuyerStartsTheClock() {
        String ticket = kaufland.systemOpensTicketQuotingTheBuyer("de", 1002, "ORD-6", "Artikel defekt");
        long id = conversationOf("kaufland-de", ticket);
        assertThat(status(id)).isEqualTo("NEEDS_REPLY");
    }

    @Test
    void theContractIsFortyEightHoursInWorkingDaysOfTheStorefront() {
        long id = conversationOf("kaufland-calendar", FRIDAY_TICKET);
        // Friday 15:00 Berlin + 48 working hours = Tuesday 15:00 Berlin, not Sunday.
        assertThat(Instant.parse(conversation(id).get("contractDueAt").asText())).isEqualTo(Instant.parse("2026-11-24T14:00:00Z"));
    }

    // ---------------------------------------------------------------- replies

    @Test
    void replyRoundTripAdoptsKauflandsMessageIdAndIsNotImportedTwice() {
        String ticket = kaufland.buyerOpensTicket("de", 1003, "ORD-7", "Lukas", "Paket beschädigt.");
        long id = conversationOf("kaufland-de", ticket);
        Api.Response r = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Wir senden heute Ersatz.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long replyId = r.json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));
        List<KauflandMessage> messages = kaufland.messages(ticket);
        assertThat(messages).filteredOn(m -> m.role().equals("seller")).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("Wir senden heute Ersatz."));
        assertThat(api().get("/api/replies/" + replyId).json().get("externalMessageId").asText())
                .isEqualTo(String.valueOf(messages.get(1).id()));
        assertThat(kaufland.sellerResponsible(ticket)).isFalse();

        awaitPolls(kaufland, 2);
        assertThat(conversation(id).get("messages")).hasSize(2);
        assertThat(status(id)).isEqualTo("WAITING_CUSTOMER");
    }

    @Test
    void replyOutsideKauflandsTextRuleIsRefusedBeforeAcceptance() {
        long id = conversationOf("kaufland-de", kaufland.buyerOpensTicket("de", 1004, "ORD-8", "Sophie", "Hallo?"));
        Api.Response tooLong = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"" + "a".repeat(65_536) + "\"}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("detail").asText()).contains("1 to 65535");
    }

    @Test
    void replyWithAFileSendsItAsBase64TicketMessageFiles() throws Exception {
        String ticket = kaufland.buyerOpensTicket("de", 1005, "ORD-9", "Jonas", "Bitte Rücksendeetikett.");
        long id = conversationOf("kaufland-de", ticket);
        String boundary = "omniqueue-test-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nAnbei das Etikett.\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"etikett.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 label\r\n--" + boundary + "--\r\n";
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/conversations/" + id + "/replies"))
                .header("Authorization", "Bearer " + TestChannels.TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> kaufland.messages(ticket).stream()
                .anyMatch(m -> m.role().equals("seller") && m.fileNames().contains("etikett.pdf")));
    }

    // ---------------------------------------------------------------- closing

    @Test
    void closerClosesTheTicketAndReportsKauflandsRefusals() {
        var channel = channels.find("kaufland-de").orElseThrow();
        String ticket = kaufland.buyerOpensTicket("de", 1006, "ORD-10", "Mia", "Danke!");
        assertThat(closer.close(channel, ticket)).isEqualTo(new SendOutcome.Sent(null));
        assertThat(kaufland.status(ticket)).isEqualTo("seller_closed");
        assertThat(closer.close(channel, ticket)).as("closing twice").isEqualTo(new SendOutcome.Sent(null));

        String locked = kaufland.buyerOpensTicket("de", 1007, "ORD-11", "Mia", "Rücksendung läuft.");
        kaufland.forbidSellerClose(locked);
        assertThat(closer.close(channel, locked)).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("/problems/tickets/non-closable-by-seller"));

        String finished = kaufland.buyerOpensTicket("de", 1008, "ORD-12", "Mia", "Erledigt.");
        kaufland.closeFinally(finished);
        assertThat(closer.close(channel, finished)).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("/problems/tickets/finally-closed"));

        kaufland.failNext("PATCH", "/v2/tickets/.*/close", 1, 429);
        String busy = kaufland.buyerOpensTicket("de", 1009, "ORD-13", "Mia", "Noch offen.");
        assertThat(closer.close(channel, busy)).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(kaufland.status(busy)).isEqualTo("opened");
    }

    // ---------------------------------------------------------------- faults

    @Test
    void aWrongSecretIsRefusedByKauflandAndPausesTheChannelWithItsReason() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UNAUTHORIZED".equals(channel("kaufland-wrong").get("state").asText()));
        assertThat(channel("kaufland-wrong").get("lastError").asText()).contains("401").contains("/problems/corrupted-signature")
                .contains("secret key");
    }

    @Test
    void rateLimitBacksOffWithoutCallingThenRecovers() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(channel("kaufland-limited").get("state").asText())
                && limited.requestCount("GET", "/v2/tickets") > 0);
        limited.failNext("GET", "/v2/tickets", 1, 429);
        String ticket = limited.buyerOpensTicket("de", 1010, "ORD-14", "Paul", "Hallo?");
        await().atMost(Duration.ofSeconds(20)).until(() -> "BACKING_OFF".equals(channel("kaufland-limited").get("state").asText()));
        assertThat(channel("kaufland-limited").get("lastError").asText()).contains("429");
        int calls = limited.requestCount("GET", "/v2/tickets");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> limited.requestCount("GET", "/v2/tickets") == calls);

        clock.advance(Duration.ofSeconds(6));
        conversationOf("kaufland-limited", ticket);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACTIVE".equals(channel("kaufland-limited").get("state").asText()));
    }

    @Test
    void serverErrorsAndTimeoutsBackOffAndThePollRecovers() {
        await().atMost(Duration.ofSeconds(20)).until(() -> flaky.requestCount("GET", "/v2/tickets") > 0);
        flaky.failNext("GET", "/v2/tickets", 1, 500);
        String ticket = flaky.buyerOpensTicket("de", 1011, "ORD-15", "Lea", "Hallo?");
        await().atMost(Duration.ofSeconds(20)).until(() -> channel("kaufland-flaky").get("lastError").asText().contains("500"));
        clock.advance(Duration.ofSeconds(6));
        conversationOf("kaufland-flaky", ticket);

        flaky.delayNext("GET", "/v2/tickets", 1, Duration.ofSeconds(5));
        String later = flaky.buyerOpensTicket("de", 1012, "ORD-16", "Lea", "Noch da?");
        await().atMost(Duration.ofSeconds(20)).until(() -> channel("kaufland-flaky").get("lastError").asText().contains("failed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofSeconds(11));
            return count("select count(*) from conversation where external_thread_id = ?", later) == 1;
        });
    }
}
