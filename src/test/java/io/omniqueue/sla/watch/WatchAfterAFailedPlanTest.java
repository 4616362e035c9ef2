package io.omniqueue.sla.watch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A watch run whose deadline planning the database refuses (here: a lock held by another
 * transaction for longer than H2 waits) still sends the operational alerts, and the warnings it
 * could not plan go out with the next run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class WatchAfterAFailedPlanTest {

    static final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        smtp.start();
        callback.start();
        // The web form's back end refuses every reply: each one ends FAILED, an operational condition.
        callback.stubFor(post(urlEqualTo("/callback")).willReturn(aResponse().withStatus(400).withBody("thread closed")));
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(callback.baseUrl()));
        // A lock is waited for one second here (15 s by default).
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:failed-plan;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=1000");
        registry.add("omniqueue.alerts.smtp.host", () -> "127.0.0.1");
        registry.add("omniqueue.alerts.smtp.port", () -> String.valueOf(smtp.getSmtp().getPort()));
        registry.add("omniqueue.alerts.smtp.starttls", () -> "false");
        registry.add("omniqueue.alerts.from", () -> "alerts@omni.test");
        registry.add("omniqueue.alerts.recipients", () -> "lead@omni.test");
        // The test runs the watch itself.
        registry.add("omniqueue.alerts.schedule", () -> "0 0 0 1 1 ? 2099");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
        callback.stop();
    }

    @Test
    void aRefusedPlanStillLetsTheOperationalAlertsOutAndTheNextRunPlansWhatItMissed() throws Exception {
        Api api = new Api(port);
        String subject = "Late parcel " + UUID.randomUUID().toString().substring(0, 8);
        long waiting = conversation(api, subject);
        long refused = conversation(api, "Refused reply");
        long replyId = api.post("/api/conversations/" + refused + "/replies", "{\"body\":\"Here it is.\"}").json()
                .get("replyId").asLong();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "FAILED".equals(api.get("/api/replies/" + replyId).json().get("status").asText()));
        clock.advance(Duration.ofHours(20).plusMinutes(1));

        // Another transaction holds the row the plan must write (its 4 h warning), past H2's wait.
        Instant clockStarted = jdbc.sql("select clock_started_at from conversation where id = :id").param("id", waiting)
                .query((rs, n) -> SqlTime.read(rs, "clock_started_at")).single();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement insert = holder.prepareStatement("""
                    insert into sla_alert (conversation_id, channel_id, clock_started_at, lead_seconds, due_at, status, created_at)
                    values (?, 'web-shop', ?, 14400, ?, 'SKIPPED', ?)""")) {
                insert.setLong(1, waiting);
                insert.setObject(2, SqlTime.param(clockStarted));
                insert.setObject(3, SqlTime.param(clock.instant()));
                insert.setObject(4, SqlTime.param(clock.instant()));
                insert.executeUpdate();
            }
            Exchange run = producer.send("direct:sla-watch", exchange -> { });
            assertThat(run.getException()).as("the run with its plan refused").isNotNull();
            assertThat(subjectsTo("lead@omni.test")).as("sent by the same run")
                    .anyMatch(s -> s.contains("Reply not delivered on web-shop: started"));
            assertThat(subjectsTo("lead@omni.test")).noneMatch(s -> s.contains(subject));
            holder.rollback();
        }

        producer.sendBody("direct:sla-watch", null);
        assertThat(subjectsTo("lead@omni.test")).filteredOn(s -> s.contains(subject)).singleElement()
                .satisfies(s -> assertThat(s).contains("3 h 59 min left"));
    }

    private long conversation(Api api, String subject) {
        String thread = UUID.randomUUID().toString();
        Api.Response r = api.post("/api/inbound/" + TestChannels.WEB_SHOP, """
                {"threadId":"%s","messageId":"%s","customer":{"name":"Ana"},"subject":"%s","body":"Hello?","sentAt":"%s"}"""
                .formatted(thread, thread, subject, clock.instant()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    private static java.util.List<String> subjectsTo(String recipient) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(recipient));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
