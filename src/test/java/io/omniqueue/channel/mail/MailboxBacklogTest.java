package io.omniqueue.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.support.TestChannels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A mailbox holding more mail than one poll reads (100) is read whole by the first poll run:
 * the route polls again at once while mail keeps coming, instead of leaving the rest for the
 * next poll an hour later.
 */
@SpringBootTest
class MailboxBacklogTest {

    static final String SHOP = "backlog@omni.test";
    static final int BACKLOG = 230;
    static final GreenMail greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    static final GreenMailUser shop;

    static {
        greenMail.start();
        shop = greenMail.setUser(SHOP, "shop", "secret");
        // In the mailbox before the service starts: its first poll finds all of them.
        for (int i = 0; i < BACKLOG; i++) {
            String mail = "From: customer" + i + "@customer.test\r\nTo: " + SHOP + "\r\nSubject: Order " + i + "\r\n"
                    + "Date: Fri, 27 Nov 2026 08:00:00 +0000\r\nMessage-ID: <backlog-" + i + "@customer.test>\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n\r\nWhere is my order " + i + "?\r\n";
            shop.deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8))));
        }
    }

    @TempDir
    static Path dataDir;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "mail-backlog"));
        String p = "omniqueue.channels[3].";
        registry.add(p + "id", () -> "backlog-mailbox");
        registry.add(p + "kind", () -> "mail");
        registry.add(p + "from", () -> SHOP);
        registry.add(p + "imap.host", () -> "127.0.0.1");
        registry.add(p + "imap.port", () -> greenMail.getImap().getPort());
        registry.add(p + "imap.protocol", () -> "imap");
        registry.add(p + "imap.username", () -> "shop");
        registry.add(p + "imap.password", () -> "secret");
        registry.add(p + "smtp.host", () -> "127.0.0.1");
        registry.add(p + "smtp.port", () -> 9);
        // Far longer than the test may take: only the first poll run can store the backlog.
        registry.add(p + "poll-delay", () -> "1h");
        registry.add(p + "sla.contract", () -> "PT24H");
    }

    @AfterAll
    static void stopMailServer() {
        greenMail.stop();
    }

    @Test
    void aBacklogOfMoreMailThanOnePollReadsIsStoredWithoutWaitingForTheNextPoll() throws Exception {
        await().atMost(Duration.ofMinutes(3)).until(() -> jdbc.sql(
                "select count(*) from message where channel_id = 'backlog-mailbox'").query(Long.class).single() == BACKLOG);
        MailFolder processed = greenMail.getManagers().getImapHostManager().getFolder(shop, "Processed");
        await().atMost(Duration.ofSeconds(30)).until(() -> processed.getMessageCount() == BACKLOG);
        // A batch is copied first and flagged deleted in the next IMAP command: the last batch's
        // originals may still be unflagged for a moment after their copies arrived.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                greenMail.getManagers().getImapHostManager().getInbox(shop).getNonDeletedMessages()).isEmpty());
    }
}
