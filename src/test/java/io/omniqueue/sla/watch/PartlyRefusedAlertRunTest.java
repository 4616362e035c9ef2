package io.omniqueue.sla.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.RefusingSmtpServer;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An SMTP server that takes the first mail of a run and refuses the second: the next run sends only the second. */
@SpringBootTest
@Import(TestClockConfiguration.class)
class PartlyRefusedAlertRunTest {

    static final RefusingSmtpServer smtp = new RefusingSmtpServer();

    @Autowired
    MutableClock clock;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:partly-refused;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("omniqueue.alerts.smtp.host", () -> "127.0.0.1");
        registry.add("omniqueue.alerts.smtp.port", () -> String.valueOf(smtp.port()));
        registry.add("omniqueue.alerts.smtp.starttls", () -> "false");
        registry.add("omniqueue.alerts.from", () -> "alerts@omni.test");
        registry.add("omniqueue.alerts.recipients", () -> "lead@omni.test");
        // The test runs the watch itself.
        registry.add("omniqueue.alerts.schedule", () -> "0 0 0 1 1 ? 2099");
    }

    @AfterAll
    static void stop() throws IOException {
        smtp.close();
    }

    @Test
    void aRefusedMailIsSentByTheNextRunAndTheOneThatWentIsNotSentAgain() {
        String first = "Refused A " + UUID.randomUUID().toString().substring(0, 8);
        String second = "Refused B " + UUID.randomUUID().toString().substring(0, 8);
        conversation(first);
        conversation(second);
        clock.advance(Duration.ofHours(20).plusMinutes(1));

        smtp.acceptOnly(1);
        producer.sendBody("direct:sla-watch", null);
        assertThat(smtp.received()).hasSize(1);
        assertThat(statuses()).containsExactlyInAnyOrder("SENT", "PENDING");

        smtp.acceptAll();
        clock.advance(Duration.ofMinutes(1));
        producer.sendBody("direct:sla-watch", null);

        List<String> mails = smtp.received();
        assertThat(mails).hasSize(2);
        assertThat(mails).filteredOn(m -> m.contains(first)).hasSize(1);
        assertThat(mails).filteredOn(m -> m.contains(second)).hasSize(1);
        assertThat(statuses()).containsExactly("SENT", "SENT");
    }

    private void conversation(String subject) {
        String thread = UUID.randomUUID().toString();
        producer.requestBody("direct:ingest", InboundMessage.fromCustomer(TestChannels.WEB_SHOP, thread, thread, "Ana", null,
                subject, "Hello?", clock.instant(), null), IngestResult.class);
    }

    private List<String> statuses() {
        return jdbc.sql("select status from sla_alert where lead_seconds = 14400 order by id").query(String.class).list();
    }
}
