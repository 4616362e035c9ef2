package io.omniqueue.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop mailbox's server goes away, refuses the login, and comes back: each shows in
 * {@code /api/channels} and in health as a failing marketplace does, the team lead gets the
 * operational alert and the recovery mail, and polling resumes on its own (or after the
 * operator's resume, for a refused login). Time moves only when the test says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class MailboxOutageTest {

    static final String SHOP = "outage-shop@omni.test";
    static final int IMAP_PORT = freePort();
    static final GreenMail alerts = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static GreenMail mailbox;
    static GreenMailUser shop;

    static {
        alerts.start();
        startMailbox();
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    ProducerTemplate producer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mailbox-outage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        String p = "omniqueue.channels[3].";
        registry.add(p + "id", () -> "shop-mailbox");
        registry.add(p + "kind", () -> "mail");
        registry.add(p + "from", () -> SHOP);
        registry.add(p + "imap.host", () -> "127.0.0.1");
        registry.add(p + "imap.port", () -> IMAP_PORT);
        registry.add(p + "imap.protocol", () -> "imap");
        registry.add(p + "imap.username", () -> "shop");
        registry.add(p + "imap.password", () -> "secret");
        registry.add(p + "smtp.host", () -> "127.0.0.1");
        registry.add(p + "smtp.port", () -> alerts.getSmtp().getPort());
        registry.add(p + "smtp.protocol", () -> "smtp");
        registry.add(p + "poll-delay", () -> "200ms");
        registry.add("omniqueue.polling.failure-backoff", () -> "1m");
        registry.add("omniqueue.alerts.smtp.host", () -> "127.0.0.1");
        registry.add("omniqueue.alerts.smtp.port", () -> String.valueOf(alerts.getSmtp().getPort()));
        registry.add("omniqueue.alerts.smtp.starttls", () -> "false");
        registry.add("omniqueue.alerts.from", () -> "alerts@omni.test");
        registry.add("omniqueue.alerts.recipients", () -> "lead@omni.test");
        registry.add("omniqueue.alerts.failing-after", () -> "30m");
        // The test runs the watch itself.
        registry.add("omniqueue.alerts.schedule", () -> "0 0 0 1 1 ? 2099");
    }

    @AfterEach
    void mailboxBackAsItWas() {
        if (mailbox == null) {
            startMailbox();
        }
        shop.setPassword("secret");
        api().post("/api/channels/shop-mailbox/resume", "");
    }

    @AfterAll
    static void stopServers() {
        alerts.stop();
        if (mailbox != null) {
            mailbox.stop();
        }
    }

    @Test
    void aMailServerThatGoesAwayIsReportedAlertedAndReadAgainWhenItIsBack() {
        String first = deliver("Before the outage");
        awaitStored(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> channel().path("lastSuccessAt").isTextual());
        assertThat(channel().get("state").asText()).isEqualTo("ACTIVE");

        mailbox.stop();
        mailbox = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> "BACKING_OFF".equals(channel().get("state").asText()));
        JsonNode down = channel();
        assertThat(down.get("lastError").asText()).contains("mail server unavailable");
        assertThat(down.get("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(down.get("circuitBreaker").asText()).isEqualTo("CLOSED");
        assertThat(down.get("nextPollAt").asText()).as("nothing is tried before the backoff").isNotEmpty();
        assertThat(channelHealth().get("status").asText()).isEqualTo("UP");
        assertThat(api().get("/actuator/health/readiness").status()).as("a dead mailbox takes no node out of service")
                .isEqualTo(200);

        // Half an hour without a good poll: health says so, and the team lead is told once.
        clock.advance(Duration.ofMinutes(31));
        await().atMost(Duration.ofSeconds(10)).until(() -> channel().get("consecutiveFailures").asInt() == 2);
        assertThat(channelHealth().get("status").asText()).isEqualTo("OUT_OF_SERVICE");
        producer.sendBody("direct:sla-watch", null);
        producer.sendBody("direct:sla-watch", null);
        assertThat(alertsTo("Channel shop-mailbox failing: started")).hasSize(1);

        startMailbox();
        String second = deliver("After the outage");
        clock.advance(Duration.ofMinutes(2));
        awaitStored(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACTIVE".equals(channel().get("state").asText()));
        JsonNode back = channel();
        assertThat(back.get("consecutiveFailures").asInt()).isZero();
        assertThat(Instant.parse(back.get("lastSuccessAt").asText())).isAfter(Instant.parse(down.get("lastErrorAt").asText()));
        assertThat(channelHealth().get("status").asText()).isEqualTo("UP");
        producer.sendBody("direct:sla-watch", null);
        assertThat(alertsTo("Channel shop-mailbox failing: over")).hasSize(1);
    }

    @Test
    void aRefusedLoginPausesTheMailboxUntilTheOperatorResumesIt() {
        shop.setPassword("changed-by-the-provider");
        await().atMost(Duration.ofSeconds(10)).until(() -> "UNAUTHORIZED".equals(channel().get("state").asText()));
        JsonNode paused = channel();
        assertThat(paused.get("lastError").asText()).contains("refused the login").contains("imap.password");
        assertThat(channelHealth().get("status").asText()).isEqualTo("DOWN");
        producer.sendBody("direct:sla-watch", null);
        assertThat(alertsTo("Channel shop-mailbox unauthorized: started")).hasSize(1);

        // Paused: however much time passes, the server is not asked again (no lock-out by retries).
        clock.advance(Duration.ofHours(2));
        String waiting = deliver("While paused");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> channel().get("consecutiveFailures").asInt() == paused.get("consecutiveFailures").asInt());

        shop.setPassword("secret");
        Api.Response resumed = api().post("/api/channels/shop-mailbox/resume", "");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        awaitStored(waiting);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACTIVE".equals(channel().get("state").asText())
                && channel().path("lastSuccessAt").isTextual()
                && Instant.parse(channel().get("lastSuccessAt").asText()).isAfter(Instant.parse(paused.get("lastErrorAt").asText())));
    }

    Api api() {
        return new Api(port);
    }

    JsonNode channel() {
        return api().get("/api/channels/shop-mailbox").json();
    }

    JsonNode channelHealth() {
        return api().get("/actuator/health").json().path("components").path("channels").path("components").path("shop-mailbox");
    }

    void awaitStored(String subject) {
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/conversations?channel=shop-mailbox&limit=100").json()
                .path("items").findValuesAsText("subject").contains(subject));
    }

    static String deliver(String subject) {
        String unique = subject + " " + UUID.randomUUID().toString().substring(0, 8);
        String raw = "From: Ana <ana@customer.test>\r\nTo: " + SHOP + "\r\nSubject: " + unique + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@customer.test>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHello\r\n";
        shop.deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        return unique;
    }

    static List<MimeMessage> alertsTo(String subjectPart) {
        return Arrays.stream(alerts.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(subjectPart);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static void startMailbox() {
        mailbox = new GreenMail(new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        mailbox.start();
        shop = mailbox.setUser(SHOP, "shop", "secret");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
