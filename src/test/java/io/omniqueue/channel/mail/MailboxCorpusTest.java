package io.omniqueue.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every mail of the real-world corpus (../shared/corpus/mail, or -Domniqueue.mail-corpus) and of
 * our own tricky set goes through GreenMail and the real mailbox route in one run: each ends in
 * the queue, with the sender and subject the parser reads from it (MailParserCorpusTest checks
 * those against the reference parser's), or in quarantine with a reason; the poll never stops,
 * and a good mail placed after all of them is read.
 */
@SpringBootTest
@Import(TestClockConfiguration.class)
class MailboxCorpusTest {

    static final Path CORPUS = Path.of(System.getProperty("omniqueue.mail-corpus", "../shared/corpus/mail"))
            .toAbsolutePath().normalize();
    static final String SHOP = "corpus@omni.test";
    static final GreenMail greenMail = new GreenMail(new ServerSetup[] {
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
    static final GreenMailUser shop;

    static {
        greenMail.start();
        shop = greenMail.setUser(SHOP, "corpus", "secret");
    }

    @TempDir
    static Path dataDir;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "corpus"));
        String p = "omniqueue.channels[3].";
        registry.add(p + "id", () -> "corpus-mailbox");
        registry.add(p + "kind", () -> "mail");
        registry.add(p + "from", () -> SHOP);
        registry.add(p + "imap.host", () -> "127.0.0.1");
        registry.add(p + "imap.port", () -> greenMail.getImap().getPort());
        registry.add(p + "imap.protocol", () -> "imap");
        registry.add(p + "imap.username", () -> "corpus");
        registry.add(p + "imap.password", () -> "secret");
        registry.add(p + "smtp.host", () -> "127.0.0.1");
        registry.add(p + "smtp.port", () -> greenMail.getSmtp().getPort());
        registry.add(p + "poll-delay", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    @Test
    void everyCorpusMailEndsInTheQueueOrInQuarantineAndTheMailAfterThemIsRead() throws Exception {
        if (!Files.isDirectory(CORPUS)) {
            System.out.println("mail corpus not found at " + CORPUS + ": corpus delivery test skipped");
        }
        assumeTrue(Files.isDirectory(CORPUS), "mail corpus not found at " + CORPUS);
        List<Path> mails = new ArrayList<>();
        for (String folder : List.of("malformed", "rfc", "thirdparty", "legacy")) {
            try (Stream<Path> files = Files.list(CORPUS.resolve(folder))) {
                files.filter(f -> f.toString().endsWith(".eml")).sorted().forEach(mails::add);
            }
        }
        try (Stream<Path> own = Files.list(Path.of("src/test/resources/mail"))) {
            own.sorted().forEach(mails::add);
        }
        // The worst first: the malformed folder, then a binary blob that is no mail at all.
        for (Path mail : mails) {
            shop.deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream(Files.readAllBytes(mail))));
        }
        String last = "last-good-mail@customer.test";
        shop.deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream((
                "From: Last <last@customer.test>\r\nTo: " + SHOP + "\r\nSubject: After all the others\r\n"
                        + "Message-ID: <" + last + ">\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\n\r\nStill read.\r\n")
                .getBytes(StandardCharsets.UTF_8))));

        await().atMost(Duration.ofSeconds(120)).until(() -> count("select count(*) from message where external_message_id = '"
                + last + "'") == 1 && inbox() == 0);

        MailParser parser = new MailParser(10L * 1024 * 1024);
        int stored = 0;
        int unreadable = 0;
        for (Path mail : mails) {
            ParsedMail parsed;
            try {
                parsed = parser.parse(Files.readAllBytes(mail));
            } catch (UnreadableMailException e) {
                unreadable++;
                continue;
            }
            if (parsed.syntheticMessageId()) {
                continue;
            }
            List<String> authors = jdbc.sql("select author from message where channel_id = 'corpus-mailbox' and external_message_id = :id")
                    .param("id", parsed.messageId()).query(String.class).list();
            assertThat(authors).as("%s (Message-ID %s) is in the queue", mail, parsed.messageId()).hasSize(1);
            String expected = parsed.fromName() != null ? parsed.fromName() : parsed.fromAddress();
            if (expected != null) {
                assertThat(authors.get(0)).as("sender of %s", mail).isEqualTo(expected.strip());
            }
            stored++;
        }
        long quarantined = count("select count(*) from quarantine where channel_id = 'corpus-mailbox'");
        long messages = count("select count(*) from message where channel_id = 'corpus-mailbox'");
        System.out.printf("mail corpus through GreenMail: %d mails delivered, %d messages in the queue, %d quarantined,"
                + " %d checked by Message-ID, %d unreadable by the parser%n", mails.size() + 1, messages, quarantined, stored,
                unreadable);
        // Nothing was lost: every mail left INBOX, and the unreadable ones are in quarantine.
        assertThat(quarantined).isGreaterThanOrEqualTo(unreadable);
        assertThat(greenMail.getManagers().getImapHostManager().getFolder(shop, "Quarantine") == null ? 0
                : greenMail.getManagers().getImapHostManager().getFolder(shop, "Quarantine").getMessageCount())
                .isEqualTo((int) quarantined);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static int inbox() throws IOException {
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(shop).getMessageCount();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IOException(e);
        }
    }
}
