package io.omniqueue.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.PrometheusScrape;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Amazon buyers of two Amazon sites writing to one shop mailbox, through GreenMail and the real
 * {@code mailbox-shop-mailbox} route: each site is a marketplace of its own in the queue, the SLA
 * report and the gauges, apart from each other and from the shop's own mail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@Import(TestClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailboxMarketplacesTest {

    static final String SHOP = "shop@omni.test";
    static final String CHANNEL = "shop-mailbox";
    static final GreenMail greenMail = new GreenMail(new ServerSetup[] {
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
    static final GreenMailUser shop;

    static {
        greenMail.start();
        shop = greenMail.setUser(SHOP, "shop", "secret");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    final List<Long> spain = new ArrayList<>();
    final List<Long> france = new ArrayList<>();
    long shopsOwn;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        // In memory: a static @TempDir is not yet set when a per-class test instance loads its context.
        String url = "jdbc:h2:mem:marketplaces-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        registry.add("spring.datasource.url", () -> url);
        String p = "omniqueue.channels[3].";
        registry.add(p + "id", () -> CHANNEL);
        registry.add(p + "kind", () -> "mail");
        registry.add(p + "from", () -> SHOP);
        registry.add(p + "imap.host", () -> "127.0.0.1");
        registry.add(p + "imap.port", () -> greenMail.getImap().getPort());
        registry.add(p + "imap.protocol", () -> "imap");
        registry.add(p + "imap.username", () -> "shop");
        registry.add(p + "imap.password", () -> "secret");
        registry.add(p + "smtp.host", () -> "127.0.0.1");
        registry.add(p + "smtp.port", () -> greenMail.getSmtp().getPort());
        registry.add(p + "smtp.protocol", () -> "smtp");
        registry.add(p + "poll-delay", () -> "300ms");
        // The shop answers its own mail within 72 h; Amazon wants 24 h.
        registry.add(p + "sla.contract", () -> "PT72H");
        registry.add(p + "amazon.sla.contract", () -> "PT24H");
        registry.add("omniqueue.metrics.refresh", () -> "200ms");
    }

    @AfterAll
    static void stopMailServer() {
        greenMail.stop();
    }

    /** Three buyers on amazon.es, two on amazon.fr (one of them waiting for 30 h), one customer of the shop's own. */
    @BeforeAll
    void buyersOfTwoAmazonSitesAndACustomerWrite() {
        api = new Api(port);
        for (int i = 1; i <= 3; i++) {
            spain.add(delivered("\"Cliente de Amazon\" <es" + i + "relay@marketplace.amazon.es>",
                    "Pregunta sobre el pedido 402-000000" + i + "-7654321", hoursAgo(1)));
        }
        france.add(delivered("\"Client Amazon\" <fr1relay@marketplace.amazon.fr>",
                "Question sur la commande 171-5550001-9876543", hoursAgo(1)));
        france.add(delivered("\"Client Amazon\" <fr2relay@marketplace.amazon.fr>",
                "Question sur la commande 171-5550002-9876543", hoursAgo(30)));
        shopsOwn = delivered("Gus <gus@customer.test>", "Opening hours?", hoursAgo(1));
    }

    // ---------------------------------------------------------------- the conversations

    @Test
    void amazonMailsTakeTheirRelayDomainAsMarketplaceAndTheShopsOwnMailIsTheShops() {
        assertThat(spain).allSatisfy(id -> assertThat(conversation(id).get("marketplace").asText()).isEqualTo("amazon.es"));
        assertThat(france).allSatisfy(id -> assertThat(conversation(id).get("marketplace").asText()).isEqualTo("amazon.fr"));
        assertThat(conversation(shopsOwn).get("marketplace").asText()).isEqualTo("shop");
        assertThat(conversation(shopsOwn).get("channelId").asText()).isEqualTo(CHANNEL);
    }

    @Test
    void shopMailThreadThatAnAmazonRelayMessageJoinsStaysTheShops() {
        String first = UUID.randomUUID() + "@customer.test";
        deliver(mail(first, "Hana <hana@customer.test>", "My order", hoursAgo(2), "", "Where is it?"));
        long conversation = conversationOfMessage(first);

        String relayed = UUID.randomUUID() + "@amazon.de";
        deliver(mail(relayed, "\"Amazon Kunde\" <de1relay@marketplace.amazon.de>", "Re: My order 303-1234567-1234567",
                hoursAgo(1), "In-Reply-To: <" + first + ">\r\n", "Ich warte noch."));

        assertThat(conversationOfMessage(relayed)).isEqualTo(conversation);
        assertThat(conversation(conversation).get("marketplace").asText()).isEqualTo("shop");
        assertThat(api.get("/api/conversations?marketplace=amazon.de").json().get("items")).isEmpty();
    }

    // ---------------------------------------------------------------- the queue

    @Test
    void queueFilteredByMarketplaceShowsEachAmazonSiteApartPageByPage() {
        assertThat(queue("marketplace=amazon.es")).containsExactlyInAnyOrderElementsOf(spain);
        assertThat(queue("marketplace=amazon.fr&channel=" + CHANNEL)).containsExactlyInAnyOrderElementsOf(france);
        assertThat(queue("marketplace=shop&channel=" + CHANNEL)).contains(shopsOwn)
                .doesNotContainAnyElementsOf(spain).doesNotContainAnyElementsOf(france);
        assertThat(queue("marketplace=amazon.fr&status=NEEDS_REPLY")).containsExactlyInAnyOrderElementsOf(france);
    }

    @Test
    void marketplaceThatIsNotANameIsABadRequestNamingTheParameter() {
        Api.Response r = api.get("/api/conversations?marketplace=Amazon%20ES");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("marketplace").contains("Amazon ES");
    }

    // ---------------------------------------------------------------- the report and the gauges

    @Test
    void reportCountsEachAmazonSiteApartWithItsOwnLateResponseRate() {
        Api.Response r = api.get("/api/reports/sla?channel=" + CHANNEL + "&days=7");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode rows = r.json().get("channels");

        // The channel's own marketplace first, then the Amazon sites by name.
        assertThat(rows.findValuesAsText("marketplace")).containsExactly("shop", "amazon.es", "amazon.fr");
        assertThat(rows.findValuesAsText("channel")).containsOnly(CHANNEL);
        JsonNode es = rows.get(1);
        assertThat(es.get("customerMessages").asLong()).isEqualTo(3);
        assertThat(es.get("openWithinDeadline").asLong()).isEqualTo(3);
        assertThat(es.get("lateResponseRate").asDouble()).isZero();
        assertThat(es.get("contract").asText()).as("Amazon's").isEqualTo("PT24H");
        // Waiting 30 h: past Amazon's 24 h, though within the shop's own 72 h.
        JsonNode fr = rows.get(2);
        assertThat(fr.get("customerMessages").asLong()).isEqualTo(2);
        assertThat(fr.get("openPastDeadline").asLong()).isEqualTo(1);
        assertThat(fr.get("lateResponseRate").asDouble()).isEqualTo(0.5);
        assertThat(fr.get("contract").asText()).isEqualTo("PT24H");
        assertThat(rows.get(0).get("openPastDeadline").asLong()).as("the shop's own mail").isZero();
        assertThat(rows.get(0).get("contract").asText()).isEqualTo("PT72H");
    }

    @Test
    void gaugesCountWaitingConversationsPerChannelAndMarketplace() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.of(api);
            assertThat(scrape.require("omniqueue_conversations_open", "channel", CHANNEL, "marketplace", "amazon.es"))
                    .isEqualTo(3);
            assertThat(scrape.require("omniqueue_conversations_open", "channel", CHANNEL, "marketplace", "amazon.fr"))
                    .isEqualTo(2);
            assertThat(scrape.require("omniqueue_conversations_breached", "channel", CHANNEL, "marketplace", "amazon.fr"))
                    .isEqualTo(1);
            assertThat(scrape.require("omniqueue_conversations_breached", "channel", CHANNEL, "marketplace", "amazon.es"))
                    .isZero();
            // A Date header holds whole seconds.
            assertThat(scrape.require("omniqueue_oldest_unanswered_seconds", "channel", CHANNEL, "marketplace", "amazon.fr"))
                    .isCloseTo(30 * 3600, within(1.0));
            assertThat(scrape.require("omniqueue_conversations_open", "channel", CHANNEL, "marketplace", "shop"))
                    .isPositive();
            // One set of labels per name, whatever the channel: what Prometheus requires.
            assertThat(scrape.find("omniqueue_conversations_open"))
                    .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactlyInAnyOrder("channel", "marketplace"));
        });
    }

    // ---------------------------------------------------------------- helpers

    private Instant hoursAgo(long hours) {
        return clock.instant().minus(Duration.ofHours(hours));
    }

    /** A buyer's first mail, delivered and stored: its conversation. */
    private long delivered(String from, String subject, Instant date) {
        String messageId = UUID.randomUUID() + "@relay.test";
        deliver(mail(messageId, from, subject, date, "", "Hello, where is my parcel?"));
        return conversationOfMessage(messageId);
    }

    private static void deliver(String raw) {
        shop.deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private static String mail(String messageId, String from, String subject, Instant date, String extraHeaders,
                               String body) {
        return "From: " + from + "\r\nTo: " + SHOP + "\r\nSubject: " + subject + "\r\nDate: "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC)) + "\r\n"
                + "Message-ID: <" + messageId + ">\r\n" + extraHeaders
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n";
    }

    private long conversationOfMessage(String messageId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from message where channel_id = :channel and external_message_id = :id")
                .param("channel", CHANNEL).param("id", messageId).query(Long.class).single() == 1);
        return jdbc.sql("select conversation_id from message where channel_id = :channel and external_message_id = :id")
                .param("channel", CHANNEL).param("id", messageId).query(Long.class).single();
    }

    private JsonNode conversation(long id) {
        Api.Response r = api.get("/api/conversations/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Every conversation of the filtered queue, read one per page to go through the keyset cursor. */
    private List<Long> queue(String filter) {
        List<Long> ids = new ArrayList<>();
        String after = null;
        do {
            Api.Response page = api.get("/api/conversations?limit=1&" + filter + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
            after = page.json().get("next").isNull() ? null : page.json().get("next").asText();
        } while (after != null && ids.size() < 100);
        assertThat(ids).doesNotHaveDuplicates();
        return ids;
    }
}
