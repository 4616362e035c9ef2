package io.omniqueue.sla.watch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.OmniqueueApplication;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Deadline warnings with an injected clock: the watch runs when the test says (direct:sla-watch),
 * the clock moves as the test says, and GreenMail receives the alert mails over real SMTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class SlaWatchTest {

    static final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        smtp.start();
        callback.start();
        // Replies are delivered unless a test says otherwise: a refused one would restart the clock mid-test.
        callback.stubFor(post(urlEqualTo("/callback")).atPriority(10).willReturn(aResponse().withStatus(200)));
    }

    @TempDir
    static Path dataDir;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    AlertPlanner planner;
    @Autowired
    AlertDispatcher dispatcher;
    @Autowired
    AlertClaims claims;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, settings());
    }

    static Map<String, String> settings() {
        Map<String, String> p = new HashMap<>(TestChannels.properties(callback.baseUrl()));
        p.put("spring.datasource.url", TestChannels.h2File(dataDir, "alerts"));
        p.put("omniqueue.alerts.smtp.host", "127.0.0.1");
        p.put("omniqueue.alerts.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        p.put("omniqueue.alerts.smtp.starttls", "false");
        p.put("omniqueue.alerts.from", "alerts@omni.test");
        p.put("omniqueue.alerts.recipients", "lead@omni.test");
        p.put("omniqueue.alerts.escalation", "boss@omni.test");
        // The test runs the watch itself, at the moments it chooses.
        p.put("omniqueue.alerts.schedule", "0 0 0 1 1 ? 2099");
        p.put("omniqueue.web.base-url", "https://inbox.omni.test");
        p.put("omniqueue.channels[1].alerts.recipients[0]", "digest@omni.test");
        return p;
    }

    @AfterAll
    static void stop() {
        smtp.stop();
        callback.stop();
    }

    Api api() {
        return new Api(port);
    }

    void watch() {
        producer.sendBody("direct:sla-watch", null);
    }

    long conversation(String channel, String subject) {
        String thread = UUID.randomUUID().toString();
        Api.Response r = api().post("/api/inbound/" + channel, """
                {"threadId":"%s","messageId":"%s","customer":{"name":"Ana"},"subject":"%s","body":"Hello?","sentAt":"%s"}"""
                .formatted(thread, thread, subject, clock.instant()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    /** Distinct mails (GreenMail keeps one copy per recipient mailbox) to this recipient with this in the subject. */
    static List<MimeMessage> mailsTo(String recipient, String subjectPart) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(recipient))
                        && m.getSubject().contains(subjectPart) && seen.add(m.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String unique(String what) {
        return what + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void threeWarningsGoOutAtFourHoursOneHourAndTheBreach() throws Exception {
        String subject = unique("Three warnings");
        long id = conversation("web-shop", subject);

        clock.advance(Duration.ofHours(19).plusMinutes(59));
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(1);
        MimeMessage first = mailsTo("lead@omni.test", subject).get(0);
        assertThat(first.getSubject()).contains("3 h 59 min left");
        assertThat(GreenMailUtil.getBody(first)).contains("https://inbox.omni.test/api/conversations/" + id);
        assertThat(mailsTo("boss@omni.test", subject)).isEmpty();

        clock.advance(Duration.ofHours(2));
        watch();
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(1);

        clock.advance(Duration.ofHours(1));
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(2);
        assertThat(mailsTo("lead@omni.test", subject).get(1).getSubject()).contains("59 min left");

        clock.advance(Duration.ofHours(1));
        watch();
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(3);
        assertThat(mailsTo("lead@omni.test", subject).get(2).getSubject()).contains("Deadline breached");
        assertThat(mailsTo("boss@omni.test", subject)).hasSize(1);
    }

    @Test
    void answeredConversationGetsNoFurtherWarning() {
        String subject = unique("Answered");
        long id = conversation("web-shop", subject);
        clock.advance(Duration.ofHours(20).plusMinutes(1));
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(1);

        // The form's back end takes the reply: answered means delivered (a refused reply would restart the clock).
        callback.stubFor(post(urlEqualTo("/callback")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.body", equalTo("Done, " + subject)))
                .willReturn(aResponse().withStatus(200)));
        Api.Response reply = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Done, " + subject + "\"}");
        assertThat(reply.status()).isEqualTo(202);
        long replyId = reply.json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "SENT".equals(api().get("/api/replies/" + replyId).json().get("status").asText()));
        clock.advance(Duration.ofHours(5));
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(1);
    }

    @Test
    void conversationAnsweredBeforeTheMailGoesOutGetsNoAlert() {
        String subject = unique("Just in time");
        long id = conversation("web-shop", subject);
        clock.advance(Duration.ofHours(20).plusMinutes(1));
        planner.plan(clock.instant(), null);
        assertThat(api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Here.\"}").status()).isEqualTo(202);
        dispatcher.dispatch(clock.instant());
        assertThat(mailsTo("lead@omni.test", subject)).isEmpty();
    }

    @Test
    void alertClaimedByANodeThatDiedBeforeSendingIsSentOnceAfterItsLease() {
        String subject = unique("Claimed then crashed");
        conversation("web-shop", subject);
        clock.advance(Duration.ofHours(20).plusMinutes(1));
        planner.plan(clock.instant(), null);
        // A node claims the alert, then dies before its mail goes out.
        assertThat(claims.claim(clock.instant(), "node-that-died")).isNotEmpty();

        // While the lease holds, no other run sends it: the dead node might still have been sending.
        dispatcher.dispatch(clock.instant());
        assertThat(mailsTo("lead@omni.test", subject)).isEmpty();

        // After the lease, the next run takes it over, once.
        clock.advance(Duration.ofMinutes(6));
        dispatcher.dispatch(clock.instant());
        dispatcher.dispatch(clock.instant());
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(1);
    }

    @Test
    void messageArrivingLateGetsOnlyTheTightestWarning() {
        String subject = unique("Late arrival");
        conversation("web-shop", subject);
        // First seen by the watch 23 h 30 min later: the 4 h warning is past, only the 1 h one goes out.
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).contains("30 min left"));
    }

    @Test
    void warningsStillWaitingWhenATighterLeadIsCrossedAreNotSent() {
        String subject = unique("Mail server down");
        for (int i = 0; i < 3; i++) {
            conversation("web-shop", subject + " #" + i);
        }
        String other = unique("Still far");
        // The 4 h warnings are recorded, and wait (as they do while the mail server refuses them).
        clock.advance(Duration.ofHours(20).plusMinutes(1));
        planner.plan(clock.instant(), null);
        conversation("web-shop", other);
        // Then the 1 h lead is crossed too: its warning replaces the 4 h ones, which never go.
        clock.advance(Duration.ofHours(3).plusMinutes(29));
        planner.plan(clock.instant(), null);
        dispatcher.dispatch(clock.instant());
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(3)
                .allSatisfy(m -> assertThat(m.getSubject()).contains("30 min left"));
        assertThat(mailsTo("lead@omni.test", other)).isEmpty();
    }

    @Test
    void fiftyCrossingAtOnceMakeOneDigest() throws Exception {
        String subject = unique("Digest");
        for (int i = 0; i < 50; i++) {
            conversation("paging-shop", subject + " #" + i);
        }
        clock.advance(Duration.ofHours(20).plusMinutes(1));
        watch();
        List<MimeMessage> digests = mailsTo("digest@omni.test", "50 conversations need an answer");
        assertThat(digests).hasSize(1);
        String body = GreenMailUtil.getBody(digests.get(0));
        assertThat(body.lines().filter(l -> l.startsWith("- [") && l.contains(subject))).hasSize(50);
        assertThat(mailsTo("digest@omni.test", subject)).isEmpty();
        assertThat(mailsTo("lead@omni.test", subject)).isEmpty();
    }

    @Test
    void restartedServiceSendsNoSecondAlert() {
        String subject = unique("Restart");
        conversation("web-shop", subject);
        clock.advance(Duration.ofHours(20).plusMinutes(1));
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(1);

        // A second start of the service on the same database (the alert rows are all it remembers).
        String[] args = settings().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(OmniqueueApplication.class,
                TestClockConfiguration.class).run(append(args, "--server.port=0"))) {
            MutableClock restartedClock = restarted.getBean(MutableClock.class);
            restartedClock.advance(Duration.between(restartedClock.instant(), clock.instant()));
            restarted.getBean(ProducerTemplate.class).sendBody("direct:sla-watch", null);
        }
        watch();
        assertThat(mailsTo("lead@omni.test", subject)).hasSize(1);
    }

    @Test
    void failedReplyIsReportedOnceRepeatedAfterTheIntervalAndItsRecoveryToo() {
        String subject = unique("Failed reply");
        long id = conversation("web-shop", subject);
        String thread = api().get("/api/conversations/" + id).json().get("messages").get(0).get("id").asText();
        callback.stubFor(post(urlEqualTo("/callback")).willReturn(aResponse().withStatus(400).withBody("closed")));
        long replyId = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Try " + thread + "\"}").json()
                .get("replyId").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(api().get("/api/replies/" + replyId).json()
                .get("status").asText()));

        watch();
        watch();
        List<MimeMessage> started = mailsTo("lead@omni.test", "Reply not delivered on web-shop: started");
        assertThat(started).hasSizeGreaterThanOrEqualTo(1);
        int startedCount = started.size();

        clock.advance(Duration.ofHours(4).plusMinutes(1));
        watch();
        assertThat(mailsTo("lead@omni.test", "Reply not delivered on web-shop: still going on")).isNotEmpty();

        callback.resetAll();
        callback.stubFor(post(urlEqualTo("/callback")).willReturn(aResponse().withStatus(200)));
        long second = api().post("/api/conversations/" + id + "/replies", "{\"body\":\"Second try\"}").json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(api().get("/api/replies/" + second).json()
                .get("status").asText()));
        watch();
        assertThat(mailsTo("lead@omni.test", "Reply not delivered on web-shop: over")).isNotEmpty();
        assertThat(mailsTo("lead@omni.test", "Reply not delivered on web-shop: started")).hasSize(startedCount);
    }

    private static String[] append(String[] args, String extra) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
