package io.omniqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The SLA report over a history written by hand, the same on every database: subclasses only say
 * which database. Each channel below holds one small data set whose figures are worked out in
 * the comments; nothing moves the clock, so "now" is the same when the rows are written and when
 * the report is asked for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SlaReportContract {

    static final String EDGE = "sla-edge";
    static final String FOLLOW_UP = "sla-followup";
    static final String FAILED = "sla-failed";
    static final String OPEN = "sla-open";
    static final String AMAZON = "sla-amazon";
    static final String WINDOW = "sla-window";
    static final String SITES = "sla-sites";

    static final long HOUR = 3600;
    static final long DAY = 24 * HOUR;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    Instant now;

    static void commonProperties(DynamicPropertyRegistry registry) {
        // The report never sends anything: the callback only has to be a URL.
        TestChannels.register(registry, TestChannels.properties("http://localhost:9"));
        // Indexes 0-2 are TestChannels'.
        channel(registry, 3, EDGE, "PT24H");
        channel(registry, 4, FOLLOW_UP, "PT24H");
        channel(registry, 5, FAILED, "PT24H");
        channel(registry, 6, OPEN, "PT24H");
        mailbox(registry, 7, AMAZON, "PT48H");
        registry.add("omniqueue.channels[7].amazon.sla.contract", () -> "PT24H");
        channel(registry, 8, WINDOW, "PT24H");
        mailbox(registry, 9, SITES, "PT72H");
        registry.add("omniqueue.channels[9].amazon.sla.contract", () -> "PT24H");
    }

    private static void channel(DynamicPropertyRegistry registry, int index, String id, String contract) {
        registry.add("omniqueue.channels[" + index + "].id", () -> id);
        registry.add("omniqueue.channels[" + index + "].kind", () -> "webhook");
        registry.add("omniqueue.channels[" + index + "].callback-url", () -> "http://localhost:9/" + id);
        registry.add("omniqueue.channels[" + index + "].sla.contract", () -> contract);
    }

    /** A shop mailbox, the kind that carries Amazon's conversations; its server is never there (polls back off). */
    private static void mailbox(DynamicPropertyRegistry registry, int index, String id, String contract) {
        String p = "omniqueue.channels[" + index + "].";
        registry.add(p + "id", () -> id);
        registry.add(p + "kind", () -> "mail");
        registry.add(p + "from", () -> "shop@omni.test");
        registry.add(p + "imap.host", () -> "127.0.0.1");
        registry.add(p + "imap.port", () -> "9");
        registry.add(p + "imap.protocol", () -> "imap");
        registry.add(p + "smtp.host", () -> "127.0.0.1");
        registry.add(p + "smtp.port", () -> "9");
        registry.add(p + "poll-delay", () -> "1h");
        registry.add(p + "sla.contract", () -> contract);
    }

    @BeforeAll
    void writeHistory() {
        api = new Api(port);
        now = clock.instant();
        HistoryRows rows = new HistoryRows(jdbc);

        // EDGE (24 h = 86,400 s), one conversation per customer message:
        long c = rows.conversation(EDGE, null);
        rows.customerMessage(c, EDGE, hoursAgo(100));
        rows.shopMessage(c, EDGE, hoursAgo(98));                        // 2 h = 7,200 s: within
        c = rows.conversation(EDGE, null);
        rows.customerMessage(c, EDGE, hoursAgo(80));
        rows.outboxReply(c, EDGE, hoursAgo(56), "SENT");                // exactly 24 h = 86,400 s: within
        c = rows.conversation(EDGE, null);
        rows.customerMessage(c, EDGE, hoursAgo(70));
        rows.shopMessage(c, EDGE, hoursAgo(46).plusSeconds(1));         // 24 h 1 s = 86,401 s: late
        c = rows.conversation(EDGE, null);
        rows.customerMessage(c, EDGE, hoursAgo(60));
        rows.shopMessage(c, EDGE, hoursAgo(30));                        // 30 h = 108,000 s: late

        // FOLLOW_UP (24 h): one conversation, a customer writes twice before one shop answer.
        c = rows.conversation(FOLLOW_UP, null);
        rows.shopMessage(c, FOLLOW_UP, hoursAgo(55));                   // before both: answers neither
        rows.customerMessage(c, FOLLOW_UP, hoursAgo(50));               // answered after 10 h = 36,000 s
        rows.customerMessage(c, FOLLOW_UP, hoursAgo(49));               // answered after 9 h = 32,400 s
        rows.operatorNote(c, FOLLOW_UP, hoursAgo(45));                  // starts no clock: not counted
        rows.shopMessage(c, FOLLOW_UP, hoursAgo(40));
        rows.shopMessage(c, FOLLOW_UP, hoursAgo(39));                   // not the first: changes nothing

        // FAILED (24 h):
        c = rows.conversation(FAILED, null);
        rows.customerMessage(c, FAILED, hoursAgo(60));
        rows.outboxReply(c, FAILED, hoursAgo(59), "FAILED");            // never reached the customer
        rows.outboxReply(c, FAILED, hoursAgo(33), "SENT");              // 27 h = 97,200 s: late
        c = rows.conversation(FAILED, null);
        rows.customerMessage(c, FAILED, hoursAgo(10));
        rows.outboxReply(c, FAILED, hoursAgo(9), "FAILED");             // still open, 10 h old: within deadline

        // OPEN (24 h), nothing answered:
        c = rows.conversation(OPEN, null);
        rows.customerMessage(c, OPEN, hoursAgo(30));                    // 30 h old: past the deadline
        c = rows.conversation(OPEN, null);
        rows.customerMessage(c, OPEN, hoursAgo(5));                     // 5 h old: within it
        c = rows.conversation(OPEN, null);
        rows.customerMessage(c, OPEN, hoursAgo(40));
        rows.noReplyNeeded(c, hoursAgo(39));                            // marked after it: no reply needed
        c = rows.conversation(OPEN, null);
        rows.noReplyNeeded(c, hoursAgo(50));
        rows.customerMessage(c, OPEN, hoursAgo(45));                    // written after the mark: 45 h old, past

        // AMAZON: the channel's own contract is 48 h = 172,800 s, Amazon's 24 h = 86,400 s.
        c = rows.conversation(AMAZON, null);
        rows.customerMessage(c, AMAZON, hoursAgo(100));
        rows.shopMessage(c, AMAZON, hoursAgo(64));                      // 36 h = 129,600 s <= 48 h: within
        c = rows.conversation(AMAZON, "amazon");
        rows.customerMessage(c, AMAZON, hoursAgo(100));
        rows.outboxReply(c, AMAZON, hoursAgo(64), "SENT");              // 36 h = 129,600 s > 24 h: late
        c = rows.conversation(AMAZON, "amazon");
        rows.customerMessage(c, AMAZON, hoursAgo(30));                  // 30 h old > 24 h: open past the deadline
        c = rows.conversation(AMAZON, null);
        rows.customerMessage(c, AMAZON, hoursAgo(30));                  // 30 h old <= 48 h: open within it
        c = rows.conversation(AMAZON, "no-such-policy");                // an unknown key follows the channel (48 h)
        rows.customerMessage(c, AMAZON, hoursAgo(100));
        rows.shopMessage(c, AMAZON, hoursAgo(70));                      // 30 h = 108,000 s: within

        // WINDOW (24 h), messages of different ages:
        c = rows.conversation(WINDOW, null);
        rows.customerMessage(c, WINDOW, hoursAgo(3 * 24));
        rows.shopMessage(c, WINDOW, hoursAgo(3 * 24 - 1));              // 3 days old; 1 h = 3,600 s: within
        c = rows.conversation(WINDOW, null);
        rows.customerMessage(c, WINDOW, hoursAgo(10 * 24));
        rows.shopMessage(c, WINDOW, hoursAgo(10 * 24 - 30));            // 10 days old; 30 h = 108,000 s: late
        c = rows.conversation(WINDOW, null);
        rows.customerMessage(c, WINDOW, hoursAgo(40 * 24));             // 40 days old, never answered: past
        c = rows.conversation(WINDOW, null);
        rows.customerMessage(c, WINDOW, hoursAgo(100 * 24));            // 100 days old: in no period
        rows.shopMessage(c, WINDOW, hoursAgo(100 * 24 - 1));

        // SITES: a mailbox with its own mail (72 h) and the buyers of two Amazon sites (24 h).
        c = rows.conversation(SITES, null, "shop");
        rows.customerMessage(c, SITES, hoursAgo(100));
        rows.shopMessage(c, SITES, hoursAgo(70));                       // 30 h = 108,000 s <= 72 h: within
        c = rows.conversation(SITES, "amazon", "amazon.es");
        rows.customerMessage(c, SITES, hoursAgo(100));
        rows.shopMessage(c, SITES, hoursAgo(70));                       // 30 h > 24 h: late
        c = rows.conversation(SITES, "amazon", "amazon.es");
        rows.customerMessage(c, SITES, hoursAgo(50));
        rows.outboxReply(c, SITES, hoursAgo(48), "SENT");               // 2 h = 7,200 s: within
        c = rows.conversation(SITES, "amazon", "amazon.fr");
        rows.customerMessage(c, SITES, hoursAgo(10));                   // 10 h old: open within 24 h
        c = rows.conversation(SITES, "amazon", "amazon.fr");
        rows.customerMessage(c, SITES, hoursAgo(30));                   // 30 h old: open past 24 h
    }

    private Instant hoursAgo(long hours) {
        return now.minus(Duration.ofHours(hours));
    }

    // ---------------------------------------------------------------- figures

    @Test
    void answerAtExactlyTheContractCountsAsWithinAndOneSecondMoreIsLate() {
        JsonNode edge = onlyChannel(report("?channel=" + EDGE + "&days=7"));

        // Answered after 7,200 s and 86,400 s: within; after 86,401 s and 108,000 s: late.
        // Late rate 2 / 4. Average (7,200 + 86,400 + 86,401 + 108,000) / 4 = 288,001 / 4 = 72,000.25 -> 72,000.
        // p90 of the sorted 4: rank 0.9 x 3 = 2.7, 86,401 + 0.7 x (108,000 - 86,401) = 101,520.3 -> 101,520.
        assertThat(figures(edge)).isEqualTo(new Figures(4, 2, 2, 0, 0, 0, 2.0 / 4, 72_000L, 101_520L));
        assertThat(edge.get("contract").asText()).isEqualTo("PT24H");
    }

    @Test
    void eachCustomerMessageOfAFollowUpCountsAndTheFirstShopMessageAfterItAnswersIt() {
        JsonNode followUp = onlyChannel(report("?channel=" + FOLLOW_UP + "&days=7"));

        // Two customer messages (the operator's note starts no clock), both answered by the shop
        // message 40 h ago, not by the one before them: 36,000 s and 32,400 s, both within 24 h.
        // Average 68,400 / 2 = 34,200. p90: rank 0.9 x 1 = 0.9, 32,400 + 0.9 x 3,600 = 35,640.
        assertThat(figures(followUp)).isEqualTo(new Figures(2, 2, 0, 0, 0, 0, 0.0, 34_200L, 35_640L));
    }

    @Test
    void failedOutboxReplyIsNotAnAnswer() {
        JsonNode failed = onlyChannel(report("?channel=" + FAILED + "&days=7"));

        // The first message is answered by the SENT reply 27 h = 97,200 s after it: late (the FAILED
        // one an hour after it would have made it 3,600 s, within). The second, with only a FAILED
        // reply, is open and 10 h old: within the deadline. Late rate 1 / 2; times over the one answer.
        assertThat(figures(failed)).isEqualTo(new Figures(2, 0, 1, 0, 1, 0, 1.0 / 2, 97_200L, 97_200L));
    }

    @Test
    void unansweredMessagesAreOpenPastOrWithinTheDeadlineAndNoReplyNeededIsCountedApart() {
        JsonNode open = onlyChannel(report("?channel=" + OPEN + "&days=7"));

        // 30 h and 45 h old: past 24 h (the 45 h one came after the no-reply mark, which does not
        // cover it); 5 h old: within; marked no-reply-needed after it: apart. Late rate 2 / (4 - 1).
        // Nothing answered: no times.
        assertThat(figures(open)).isEqualTo(new Figures(4, 0, 0, 2, 1, 1, 2.0 / 3, null, null));
    }

    @Test
    void amazonConversationIsJudgedByAmazonsContractOnAChannelWhoseOwnIsLonger() {
        JsonNode amazon = onlyChannel(report("?channel=" + AMAZON + "&days=7"));

        // Answered after 36 h: within the channel's 48 h, late under Amazon's 24 h. Open for 30 h:
        // within 48 h, past 24 h. An unknown policy key follows the channel: 30 h within.
        // Late rate (1 + 1) / 5. Average (129,600 + 129,600 + 108,000) / 3 = 122,400.
        // p90: rank 0.9 x 2 = 1.8, between 129,600 and 129,600 = 129,600.
        assertThat(figures(amazon)).isEqualTo(new Figures(5, 2, 1, 1, 1, 0, 2.0 / 5, 122_400L, 129_600L));
        assertThat(amazon.get("contract").asText()).as("the channel's own policy").isEqualTo("PT48H");
    }

    @Test
    void eachMarketplaceOfAChannelIsCountedApartWithItsOwnContractAndLateRate() {
        JsonNode rows = report("?channel=" + SITES + "&days=7").get("channels");

        // The channel's own marketplace first, then the others by name.
        assertThat(rows.findValuesAsText("marketplace")).containsExactly("shop", "amazon.es", "amazon.fr");
        assertThat(rows.findValuesAsText("channel")).containsOnly(SITES);
        // Shop: one message answered after 108,000 s, within 72 h.
        assertThat(figures(rows.get(0))).isEqualTo(new Figures(1, 1, 0, 0, 0, 0, 0.0, 108_000L, 108_000L));
        assertThat(rows.get(0).get("contract").asText()).isEqualTo("PT72H");
        // amazon.es: 108,000 s late, 7,200 s within. Late rate 1 / 2. Average 57,600.
        // p90: rank 0.9 x 1 = 0.9, 7,200 + 0.9 x 100,800 = 97,920.
        assertThat(figures(rows.get(1))).isEqualTo(new Figures(2, 1, 1, 0, 0, 0, 1.0 / 2, 57_600L, 97_920L));
        assertThat(rows.get(1).get("contract").asText()).isEqualTo("PT24H");
        // amazon.fr: nothing answered, one open past 24 h, one within. Late rate 1 / 2.
        assertThat(figures(rows.get(2))).isEqualTo(new Figures(2, 0, 0, 1, 1, 0, 1.0 / 2, null, null));
        assertThat(rows.get(2).get("contract").asText()).isEqualTo("PT24H");
    }

    @Test
    void channelWithoutMessagesHasOneZeroRowForItsOwnMarketplace() {
        JsonNode webShop = onlyChannel(report("?channel=" + TestChannels.WEB_SHOP + "&days=7"));

        assertThat(webShop.get("marketplace").asText()).isEqualTo("shop");
        assertThat(figures(webShop)).isEqualTo(new Figures(0, 0, 0, 0, 0, 0, null, null, null));
    }

    // ---------------------------------------------------------------- periods

    @Test
    void periodCountsCustomerMessagesSentInTheLastSevenThirtyOrNinetyDays() {
        JsonNode week = report("?channel=" + WINDOW + "&days=7");
        // Only the 3-day-old message, answered after 3,600 s.
        assertThat(figures(onlyChannel(week))).isEqualTo(new Figures(1, 1, 0, 0, 0, 0, 0.0, 3_600L, 3_600L));
        assertPeriod(week, 7);

        JsonNode month = report("?channel=" + WINDOW + "&days=30");
        // Plus the 10-day-old one, late after 108,000 s. Late rate 1 / 2. Average 111,600 / 2 = 55,800.
        // p90: rank 0.9 x 1 = 0.9, 3,600 + 0.9 x (108,000 - 3,600) = 97,560.
        assertThat(figures(onlyChannel(month))).isEqualTo(new Figures(2, 1, 1, 0, 0, 0, 1.0 / 2, 55_800L, 97_560L));
        assertPeriod(month, 30);

        JsonNode quarter = report("?channel=" + WINDOW + "&days=90");
        // Plus the 40-day-old one, never answered: past the deadline. Late rate 2 / 3; times unchanged.
        // The 100-day-old message is in no period.
        assertThat(figures(onlyChannel(quarter))).isEqualTo(new Figures(3, 1, 1, 1, 0, 0, 2.0 / 3, 55_800L, 97_560L));
        assertPeriod(quarter, 90);
    }

    @Test
    void periodIsThirtyDaysWhenNotGiven() {
        JsonNode report = report("?channel=" + WINDOW);

        assertPeriod(report, 30);
        assertThat(figures(onlyChannel(report))).isEqualTo(new Figures(2, 1, 1, 0, 0, 0, 1.0 / 2, 55_800L, 97_560L));
    }

    // ---------------------------------------------------------------- channels

    @Test
    void everyChannelIsReportedApartInConfigurationOrder() {
        JsonNode all = report("?days=7");

        List<String> ids = new ArrayList<>();
        all.get("channels").forEach(ch -> ids.add(ch.get("channel").asText()));
        assertThat(ids).containsExactly(TestChannels.WEB_SHOP, TestChannels.PAGING_SHOP, TestChannels.PARIS_SHOP,
                EDGE, FOLLOW_UP, FAILED, OPEN, AMAZON, WINDOW, SITES, SITES, SITES);
        // Each channel's entries are the ones it gets alone: no message counted twice or elsewhere.
        for (String id : new java.util.LinkedHashSet<>(ids)) {
            List<JsonNode> inAll = new ArrayList<>();
            all.get("channels").forEach(ch -> {
                if (ch.get("channel").asText().equals(id)) {
                    inAll.add(ch);
                }
            });
            List<JsonNode> alone = new ArrayList<>();
            report("?channel=" + id + "&days=7").get("channels").forEach(alone::add);
            assertThat(inAll).as(id).isEqualTo(alone);
        }
        JsonNode webShop = all.get("channels").get(0);
        assertThat(figures(webShop)).as("a channel without messages").isEqualTo(new Figures(0, 0, 0, 0, 0, 0, null, null, null));
        assertThat(webShop.get("contract").asText()).isEqualTo("PT24H");
    }

    @Test
    void channelFilterReportsOnlyThatChannel() {
        JsonNode report = report("?channel=" + AMAZON + "&days=7");

        assertThat(report.get("channels")).hasSize(1);
        assertThat(report.get("channels").get(0).get("channel").asText()).isEqualTo(AMAZON);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void periodOtherThanSevenThirtyOrNinetyDaysIsABadRequest() {
        Api.Response fifteen = api.get("/api/reports/sla?days=15");
        assertThat(fifteen.status()).isEqualTo(400);
        assertThat(fifteen.json().get("detail").asText()).contains("7, 30 or 90").contains("15");

        Api.Response notANumber = api.get("/api/reports/sla?days=week");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("detail").asText()).contains("days");
    }

    @Test
    void unknownChannelIsNotFound() {
        Api.Response r = api.get("/api/reports/sla?channel=no-such-shop");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).contains("no-such-shop");
    }

    @Test
    void reportNeedsAToken() {
        assertThat(api.send("GET", "/api/reports/sla", null, Map.of()).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode report(String query) {
        Api.Response r = api.get("/api/reports/sla" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode onlyChannel(JsonNode report) {
        assertThat(report.get("channels")).hasSize(1);
        return report.get("channels").get(0);
    }

    private void assertPeriod(JsonNode report, int days) {
        assertThat(report.get("days").asInt()).isEqualTo(days);
        assertThat(Instant.parse(report.get("to").asText())).isEqualTo(now);
        assertThat(Instant.parse(report.get("from").asText())).isEqualTo(now.minus(Duration.ofDays(days)));
    }

    private static Figures figures(JsonNode ch) {
        return new Figures(ch.get("customerMessages").asLong(), ch.get("answeredWithinContract").asLong(),
                ch.get("answeredLate").asLong(), ch.get("openPastDeadline").asLong(), ch.get("openWithinDeadline").asLong(),
                ch.get("noReplyNeeded").asLong(),
                ch.get("lateResponseRate").isNull() ? null : ch.get("lateResponseRate").asDouble(),
                ch.get("averageResponseSeconds").isNull() ? null : ch.get("averageResponseSeconds").asLong(),
                ch.get("p90ResponseSeconds").isNull() ? null : ch.get("p90ResponseSeconds").asLong());
    }

    /** A channel's figures as the API gives them, compared in one go so a failure shows them all. */
    record Figures(long customerMessages, long answeredWithinContract, long answeredLate, long openPastDeadline,
                   long openWithinDeadline, long noReplyNeeded, Double lateResponseRate, Long averageResponseSeconds,
                   Long p90ResponseSeconds) {
    }
}
