package io.omniqueue.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop mailbox against GreenMail, a real IMAP and SMTP server: camel-mail polls it through
 * the real {@code mailbox-shop-mailbox} route, replies leave by SMTP and land in GreenMail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class MailboxConnectorTest {

    static final String SHOP = "shop@omni.test";
    static final GreenMail greenMail = new GreenMail(new ServerSetup[] {
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
    static final GreenMailUser shop;

    static {
        greenMail.start();
        shop = greenMail.setUser(SHOP, "shop", "secret");
    }

    @TempDir
    static Path dataDir;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    CamelContext camel;

    static final String ROUTE = "mailbox-shop-mailbox";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "mail"));
        String p = "omniqueue.channels[3].";
        registry.add(p + "id", () -> "shop-mailbox");
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
        registry.add(p + "max-attachment-bytes", () -> "1000000");
        // The shop's own target is business hours; Amazon conversations follow Amazon's 24 h instead.
        registry.add(p + "sla.contract", () -> "PT72H");
        registry.add(p + "sla.internal.target", () -> "PT8H");
        registry.add(p + "sla.internal.zone", () -> "Europe/Paris");
        for (String day : new String[] {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
            registry.add(p + "sla.internal.hours." + day + "[0]", () -> "09:00-18:00");
        }
        registry.add(p + "amazon.sla.contract", () -> "PT24H");
    }

    @AfterAll
    static void stopMailServer() {
        greenMail.stop();
    }

    Api api() {
        return new Api(port);
    }

    static String id() {
        return UUID.randomUUID() + "@customer.test";
    }

    static void deliver(String raw) {
        deliver(raw.getBytes(StandardCharsets.UTF_8));
    }

    static void deliver(byte[] raw) {
        shop.deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream(raw)));
    }

    static String mail(String messageId, String from, String subject, String date, String extraHeaders, String body) {
        return "From: " + from + "\r\nTo: " + SHOP + "\r\nSubject: " + subject + "\r\nDate: " + date + "\r\n"
                + "Message-ID: <" + messageId + ">\r\n" + extraHeaders
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n";
    }

    /** The test clock's time as a Date header; each call is a minute later, so mails follow each other. */
    String now() {
        clock.advance(Duration.ofMinutes(1));
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(java.time.ZoneOffset.UTC));
    }

    long conversationOfMessage(String messageId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from message where channel_id = 'shop-mailbox' and external_message_id = :id")
                .param("id", messageId).query(Long.class).single() == 1);
        return jdbc.sql("select conversation_id from message where channel_id = 'shop-mailbox' and external_message_id = :id")
                .param("id", messageId).query(Long.class).single();
    }

    JsonNode conversation(long id) {
        return api().get("/api/conversations/" + id).json();
    }

    long reply(long conversationId, String body) {
        Api.Response r = api().post("/api/conversations/" + conversationId + "/replies", "{\"body\":\"" + body + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long replyId = r.json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));
        return replyId;
    }

    MimeMessage received(String to, String subjectPart) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> find(to, subjectPart) != null);
        return find(to, subjectPart);
    }

    private static MimeMessage find(String to, String subjectPart) throws Exception {
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (m.getAllRecipients() != null && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(to))
                    && m.getSubject() != null && m.getSubject().contains(subjectPart)) {
                return m;
            }
        }
        return null;
    }

    int inbox() {
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(shop).getMessageCount();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- threading

    @Test
    void threadOfThreeMailsAndTwoRepliesIsOneConversation() throws Exception {
        String first = id();
        deliver(mail(first, "Ana <ana@customer.test>", "Broken lamp", now(), "", "The lamp arrived broken."));
        long conversation = conversationOfMessage(first);
        long reply1 = reply(conversation, "Sorry! Can you send a photo?");
        String reply1Id = api().get("/api/replies/" + reply1).json().get("externalMessageId").asText();

        String second = id();
        deliver(mail(second, "Ana <ana@customer.test>", "Re: Broken lamp", now(),
                "In-Reply-To: <" + reply1Id + ">\r\nReferences: <" + first + "> <" + reply1Id + ">\r\n", "Here it is."));
        assertThat(conversationOfMessage(second)).isEqualTo(conversation);
        long reply2 = reply(conversation, "Thanks, a new lamp is on its way.");
        String reply2Id = api().get("/api/replies/" + reply2).json().get("externalMessageId").asText();

        // A mail client that drops In-Reply-To but keeps References still lands in the thread.
        String third = id();
        deliver(mail(third, "Ana <ana@customer.test>", "Re: Broken lamp", now(),
                "References: <" + first + "> <" + second + "> <" + reply2Id + ">\r\n", "Great, thank you."));
        assertThat(conversationOfMessage(third)).isEqualTo(conversation);
        assertThat(conversation(conversation).get("messages")).hasSize(5);
        assertThat(conversation(conversation).get("status").asText()).isEqualTo("NEEDS_REPLY");
    }

    @Test
    void replyReadInTheSamePollAsTheMailItAnswersJoinsItsConversationAndBothLeaveTheInboxSeen() throws Exception {
        String first = id();
        String second = id();
        // Both wait in the folder before a poll reads them, and a poll stores its mails together:
        // the reply's original is not stored yet when the reply is threaded.
        camel.getRouteController().suspendRoute(ROUTE);
        try {
            deliver(mail(first, "Gus <gus@customer.test>", "Scratched table", now(), "", "The table is scratched."));
            deliver(mail(second, "Gus <gus@customer.test>", "Re: Scratched table", now(),
                    "In-Reply-To: <" + first + ">\r\nReferences: <" + first + ">\r\n", "And one leg is missing."));
        } finally {
            camel.getRouteController().resumeRoute(ROUTE);
        }
        assertThat(conversationOfMessage(second)).isEqualTo(conversationOfMessage(first));
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox() == 0);
        MailFolder processed = greenMail.getManagers().getImapHostManager().getFolder(shop, "Processed");
        assertThat(processed.getMessages()).isNotEmpty()
                .allSatisfy(stored -> assertThat(stored.getFlags().contains(Flags.Flag.SEEN)).isTrue());
    }

    @Test
    void replyWhoseHeadersWereStrippedFindsItsConversationByTheSubjectToken() throws Exception {
        String first = id();
        deliver(mail(first, "Bo <bo@customer.test>", "Invoice", now(), "", "Please send the invoice."));
        long conversation = conversationOfMessage(first);
        reply(conversation, "Attached soon.");
        String answer = id();
        deliver(mail(answer, "Bo <bo@customer.test>", "RE: Re: Invoice [#OQ-" + conversation + "]", now(), "", "Still waiting."));
        assertThat(conversationOfMessage(answer)).isEqualTo(conversation);
    }

    @Test
    void replyArrivesInTheMailboxWithTheRightThreadingHeaders() throws Exception {
        String first = id();
        deliver(mail(first, "Chloé <chloe@customer.test>", "=?UTF-8?Q?Livraison_=C3=A0_domicile?=", now(), "", "Possible ?"));
        long conversation = conversationOfMessage(first);
        assertThat(conversation(conversation).get("subject").asText()).isEqualTo("Livraison à domicile");
        long replyId = reply(conversation, "Oui, bien sûr.");

        MimeMessage sent = received("chloe@customer.test", "Livraison à domicile");
        assertThat(sent.getFrom()[0].toString()).isEqualTo(SHOP);
        assertThat(sent.getHeader("In-Reply-To", null)).isEqualTo("<" + first + ">");
        assertThat(sent.getHeader("References", null)).contains("<" + first + ">");
        assertThat(sent.getSubject()).isEqualTo("Re: Livraison à domicile [#OQ-" + conversation + "]");
        assertThat(sent.getMessageID()).isEqualTo("<" + api().get("/api/replies/" + replyId).json()
                .get("externalMessageId").asText() + ">");
        assertThat(GreenMailUtil.getBody(sent)).contains("Oui, bien s");
    }

    // ---------------------------------------------------------------- dedupe and moves

    @Test
    void sameMailDeliveredTwiceIsOneMessage() {
        String messageId = id();
        String raw = mail(messageId, "Dan <dan@customer.test>", "Twice", now(), "", "Same mail twice.");
        deliver(raw);
        deliver(raw);
        conversationOfMessage(messageId);
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox() == 0);
        assertThat(jdbc.sql("select count(*) from message where external_message_id = :id").param("id", messageId)
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void mailStillInTheInboxAfterACrashBeforeItsMoveIsNotStoredTwice() throws Exception {
        String messageId = id();
        String raw = mail(messageId, "Eve <eve@customer.test>", "Crash", now(), "", "Stored, then the node died.");
        deliver(raw);
        conversationOfMessage(messageId);
        MailFolder processed = greenMail.getManagers().getImapHostManager().getFolder(shop, "Processed");
        await().atMost(Duration.ofSeconds(20)).until(() -> processed != null || inbox() == 0);
        // The state a crash between the store and the move leaves: the mail stored, and unseen in INBOX.
        deliver(raw);
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox() == 0);
        assertThat(jdbc.sql("select count(*) from message where external_message_id = :id").param("id", messageId)
                .query(Long.class).single()).isEqualTo(1L);
        assertThat(greenMail.getManagers().getImapHostManager().getFolder(shop, "Processed").getMessageCount()).isPositive();
    }

    @Test
    void unreadableMailIsQuarantinedMovedAsideAndTheNextMailIsRead() throws Exception {
        deliver("this is not a mail at all, there is no header here\r\n\r\njust text".getBytes(StandardCharsets.UTF_8));
        String good = id();
        deliver(mail(good, "Finn <finn@customer.test>", "After the bad one", now(), "", "Hello."));
        conversationOfMessage(good);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from quarantine where channel_id = 'shop-mailbox' and source = 'mail'").query(Long.class).single() >= 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox() == 0);
        MailFolder quarantineFolder = greenMail.getManagers().getImapHostManager().getFolder(shop, "Quarantine");
        assertThat(quarantineFolder).isNotNull();
        assertThat(quarantineFolder.getMessageCount()).isPositive();
    }

    // ---------------------------------------------------------------- the clock

    @Test
    void amazonBuyerMessageGetsTwentyFourHoursAcrossTheWeekend() {
        String messageId = id();
        deliver(mail(messageId, "\"Amazon customer\" <k2x9relay@marketplace.amazon.fr>",
                "Question from Amazon customer about order 171-5550123-9876543", "Fri, 20 Nov 2026 18:00:00 +0100", "",
                "When will it ship?"));
        JsonNode c = conversation(conversationOfMessage(messageId));
        assertThat(c.get("orderId").asText()).isEqualTo("171-5550123-9876543");
        // Friday 18:00 Paris + 24 h wall-clock = Saturday 18:00 Paris; the shop's business hours don't apply.
        assertThat(Instant.parse(c.get("dueAt").asText())).isEqualTo(Instant.parse("2026-11-21T17:00:00Z"));
        assertThat(c.get("internalDueAt").isNull()).isTrue();

        String shopMail = id();
        deliver(mail(shopMail, "Gus <gus@customer.test>", "Not Amazon", "Fri, 20 Nov 2026 18:00:00 +0100", "", "Hi"));
        JsonNode own = conversation(conversationOfMessage(shopMail));
        // The shop's own conversation follows its business hours: Monday 09:00 + 8 h.
        assertThat(Instant.parse(own.get("dueAt").asText())).isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
    }

    @Test
    void amazonReplyGoesToTheRelayAliasAndRefusesAttachmentsOverTenMegabytes() throws Exception {
        String messageId = id();
        deliver(mail(messageId, "\"Amazon customer\" <q7relay@marketplace.amazon.fr>",
                "Question about order 402-1234567-7654321", now(), "", "Can I get a refund?"));
        long conversation = conversationOfMessage(messageId);

        String boundary = "b-" + UUID.randomUUID();
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nSee attached.\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] form = new byte[head.length + big.length + tail.length];
        System.arraycopy(head, 0, form, 0, head.length);
        System.arraycopy(tail, 0, form, head.length + big.length, tail.length);
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/conversations/" + conversation + "/replies"))
                .header("Authorization", "Bearer " + TestChannels.TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Amazon refuses attachments over 10 MB");

        reply(conversation, "Refund issued today.");
        MimeMessage sent = received("q7relay@marketplace.amazon.fr", "402-1234567-7654321");
        assertThat(sent.getFrom()[0].toString()).isEqualTo(SHOP);
    }

    @Test
    void outOfOfficeReplyFromTheCustomerDoesNotRestartTheClock() throws Exception {
        String first = id();
        deliver(mail(first, "Hana <hana@customer.test>", "Size exchange", now(), "", "Can I exchange for a 40?"));
        long conversation = conversationOfMessage(first);
        long replyId = reply(conversation, "Yes, send it back with the label.");
        String ours = api().get("/api/replies/" + replyId).json().get("externalMessageId").asText();

        String auto = id();
        deliver(mail(auto, "Hana <hana@customer.test>", "Out of office: Re: Size exchange", now(),
                "In-Reply-To: <" + ours + ">\r\nAuto-Submitted: auto-replied\r\n", "I am away until Monday."));
        assertThat(conversationOfMessage(auto)).isEqualTo(conversation);
        JsonNode c = conversation(conversation);
        assertThat(c.get("messages")).hasSize(3);
        assertThat(c.get("status").asText()).isEqualTo("WAITING_CUSTOMER");
        assertThat(c.get("dueAt").isNull()).isTrue();
    }

    // ---------------------------------------------------------------- reading

    @Test
    void attachmentIsStoredAndServedAndHtmlIsSanitized() throws Exception {
        String messageId = id();
        String raw = "From: Ivy <ivy@customer.test>\r\nTo: " + SHOP + "\r\nSubject: Photo\r\nDate: " + now() + "\r\n"
                + "Message-ID: <" + messageId + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
                + "<p onclick=\"steal()\">See <b>photo</b><script>alert(1)</script><img src=\"http://tracker.test/p.gif\"></p>\r\n"
                + "--XX\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"photo.png\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--XX--\r\n";
        deliver(raw);
        long conversation = conversationOfMessage(messageId);
        JsonNode message = conversation(conversation).get("messages").get(0);
        assertThat(message.get("body").asText()).contains("See photo").doesNotContain("alert");
        JsonNode file = message.get("attachments").get(0);
        assertThat(file.get("name").asText()).isEqualTo("photo.png");
        String html = jdbc.sql("select html_body from message where external_message_id = :id").param("id", messageId)
                .query(String.class).single();
        assertThat(html).contains("photo").doesNotContain("script").doesNotContain("onclick").doesNotContain("tracker.test");

        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/attachments/" + file.get("id").asLong()))
                .header("Authorization", "Bearer " + TestChannels.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(java.util.Base64.getDecoder().decode("iVBORw0KGgo="));
    }

    @Test
    void shopMailboxHealthIsListedWithTheOtherChannels() throws Exception {
        List<String> ids = api().get("/api/channels").json().get("items").findValuesAsText("id");
        assertThat(ids).contains("shop-mailbox");
    }
}
