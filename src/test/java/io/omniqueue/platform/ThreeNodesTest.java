package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
import io.omniqueue.support.Api;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.RestartableService;
import io.omniqueue.support.TestChannels;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Three nodes of the service (profile postgres: clustered Quartz) on one real PostgreSQL, with a
 * Mirakl simulator and GreenMail: each poll runs once per cycle, each alert arrives once, each
 * reply is sent once, and when a node stops mid-run the others finish its work.
 */
class ThreeNodesTest {

    static final MiraklSimulator mirakl = MiraklSimulator.start(0, "cluster-key", "Omni Shop");
    static final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final String DATABASE = EmbeddedPostgresDatabases.newDatabaseUrl();

    static {
        smtp.start();
    }

    @AfterAll
    static void stop() {
        mirakl.close();
        smtp.stop();
    }

    @Test
    void threeNodesShareTheWorkAndNothingIsDoneTwice() {
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(start());
            }
            Api api = new Api(((WebServerApplicationContext) nodes.get(0)).getWebServer().getPort());
            JdbcClient jdbc = nodes.get(0).getBean(JdbcClient.class);

            // Polls: one per cycle (every 2 s) across the three nodes, not one per node.
            List<String> threads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                threads.add(mirakl.openThread("MIR-C" + i + "-A", "Customer " + i, "Question " + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, "select count(*) from conversation where channel_id = 'cluster-mirakl'") == 6);
            int before = mirakl.requestCount("GET", "/api/inbox/threads");
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(13)).until(() -> true);
            int polls = mirakl.requestCount("GET", "/api/inbox/threads") - before;
            assertThat(polls).as("M11 calls in 12 s with a 2 s schedule on three nodes").isBetween(4, 8);

            // Replies: every node dispatches; each reply goes to Mirakl once, even when a node stops mid-run.
            mirakl.delayNext("POST", "/api/inbox/threads/.*/message", 6, Duration.ofMillis(700));
            List<Long> replies = new ArrayList<>();
            for (String thread : threads) {
                long conversation = count(jdbc, "select id from conversation where external_thread_id = '" + thread + "'");
                Api.Response r = api.post("/api/conversations/" + conversation + "/replies", "{\"body\":\"Answer to " + thread + "\"}");
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                replies.add(r.json().get("replyId").asLong());
            }
            nodes.remove(1).close();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "select count(*) from reply where status = 'SENT'") == 6);
            for (String thread : threads) {
                assertThat(mirakl.messages(thread)).filteredOn(m -> m.body().equals("Answer to " + thread)).hasSize(1);
            }
            assertThat(mirakl.requestCount("POST", "/api/inbox/threads/.*/message")).isEqualTo(6);

            // Alerts: 10 s and 0 s before a 20 s deadline; each arrives once although three nodes watch.
            List<String> subjects = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String subject = "Cluster alert " + UUID.randomUUID().toString().substring(0, 8);
                subjects.add(subject);
                String thread = UUID.randomUUID().toString();
                Api.Response r = api.post("/api/inbound/web-shop", """
                        {"threadId":"%s","messageId":"%s","customer":{"name":"Ana"},"subject":"%s","body":"?","sentAt":"%s"}"""
                        .formatted(thread, thread, subject, java.time.Instant.now()));
                assertThat(r.status()).isEqualTo(202);
            }
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> subjects.stream().allMatch(s -> mails(s) == 2));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("alerts " + jdbc.sql("select status, lead_seconds, note from sla_alert").query().listOfRows()
                        + " conversations " + jdbc.sql("select status, due_at, subject from conversation where channel_id = 'web-shop'")
                        .query().listOfRows() + " mails " + smtp.getReceivedMessages().length, e);
            }
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            subjects.forEach(s -> assertThat(mails(s)).as(s).isEqualTo(2));
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static int mails(String subject) {
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                if (m.getSubject().contains(subject)) {
                    ids.add(m.getMessageID());
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return ids.size();
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> p = RestartableService.postgresProperties(DATABASE);
        // Shorter than a batch of six slow sends: leases run out mid-batch, as with a slow marketplace.
        p.put("omniqueue.outbox.lease", "2s");
        p.put("omniqueue.cluster.checkin-interval", "2000");
        p.put("omniqueue.channels[0].sla.contract", "PT20S");
        p.put("omniqueue.channels[0].sla.warn-before[0]", "PT10S");
        p.put("omniqueue.channels[0].sla.warn-before[1]", "PT0S");
        p.putAll(TestChannels.mirakl(3, "cluster-mirakl", mirakl.baseUrl(), "cluster-key"));
        p.put("omniqueue.channels[3].schedule", "0/2 * * * * ?");
        p.put("omniqueue.alerts.smtp.host", "127.0.0.1");
        p.put("omniqueue.alerts.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        p.put("omniqueue.alerts.smtp.starttls", "false");
        p.put("omniqueue.alerts.from", "alerts@omni.test");
        p.put("omniqueue.alerts.recipients", "lead@omni.test");
        p.put("omniqueue.alerts.digest-threshold", "100");
        p.put("omniqueue.alerts.schedule", "* * * * * ?");
        return RestartableService.start(p);
    }
}
