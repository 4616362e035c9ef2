package io.omniqueue.bench;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.support.ServiceProcess;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Mailbox ingest: the service (its own process) importing a mailbox of {@link BenchMails} from
 * GreenMail over IMAP (read, parse, thread, store, move to the processed folder), against a raw
 * IMAP fetch of the same mails from this JVM (Jakarta Mail: every mail's bytes fetched and parsed,
 * every part read), measured before and after. A first import of a quarter as many other mails
 * warms the service up. The mails measured wait in a staging folder; the import's time runs from
 * their copy into the channel's INBOX to the moment every one of them has left it for the
 * processed or quarantine folder.
 */
class MailboxIngestBench {

    static final double TARGET = 0.6;
    private static final int MAILS = Bench.size(1_000, 200);
    private static final int WARM_UP = MAILS / 4;
    private static final String SHOP = "shop@omni.test";
    private static final String STAGING = "Staging";

    private final Path workDir = Bench.workDir("MailboxIngestBench");

    @Test
    void mailboxIngestKeepsUpWithARawImapFetch() throws Exception {
        BenchResults results = BenchResults.of("mailbox-ingest");
        List<byte[]> mails = BenchMails.make(MAILS, SHOP, "bench");
        results.info().put("mails", MAILS).put("fromCorpus", BenchMails.fromCorpus(MAILS))
                .put("averageBytes", mails.stream().mapToInt(m -> m.length).sum() / MAILS);
        GreenMail greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        try {
            GreenMailUser shop = greenMail.setUser(SHOP, "shop", "secret");
            MailFolder staging = greenMail.getManagers().getImapHostManager().createMailbox(shop, STAGING);
            Session session = Session.getInstance(new Properties());
            for (byte[] mail : mails) {
                staging.store(new MimeMessage(session, new ByteArrayInputStream(mail)));
            }
            int port = greenMail.getImap().getPort();
            double rawBefore = rawFetch(port);
            Map<String, String> environment = new HashMap<>(Map.of("OMNIQUEUE_API_TOKENS", Bench.TOKEN,
                    "OMNIQUEUE_DEMO_ENABLED", "false"));
            Bench.serviceJavaOptions("mailbox").ifPresent(options -> environment.put("JAVA_TOOL_OPTIONS", options));
            try (ServiceProcess service = Bench.service(workDir, environment, List.of())) {
                Files.writeString(workDir.resolve("config/channels.yaml"), channels(port));
                service.start();
                MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(shop);
                // A first import warms the service up (class loading, JIT, the language models).
                for (byte[] mail : BenchMails.make(WARM_UP, SHOP, "warm-up")) {
                    inbox.store(new MimeMessage(session, new ByteArrayInputStream(mail)));
                }
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> left(greenMail, shop) >= WARM_UP && inbox.getNonDeletedMessages().isEmpty());
                long started = System.nanoTime();
                for (StoredMessage mail : staging.getMessages()) {
                    staging.copyMessage(mail.getUid(), inbox);
                }
                // The import can't end before the last mail is in the INBOX: how much of it was this copy.
                double copySeconds = (System.nanoTime() - started) / 1e9;
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> left(greenMail, shop) >= WARM_UP + MAILS && inbox.getNonDeletedMessages().isEmpty());
                double seconds = (System.nanoTime() - started) / 1e9;
                service.stop();
                double rawAfter = rawFetch(port);
                double raw = (rawBefore + rawAfter) / 2;
                results.path("mail.ingest", MAILS / seconds, "mail/s", raw, "raw IMAP fetch + parse of the same mails",
                        TARGET).put("rawBefore", Math.round(rawBefore)).put("rawAfter", Math.round(rawAfter))
                        .put("seconds", Math.round(seconds * 100) / 100.0)
                        .put("copySeconds", Math.round(copySeconds * 100) / 100.0)
                        .put("quarantined", count(greenMail, shop, "Quarantine"));
            }
        } finally {
            greenMail.stop();
        }
        results.write();
    }

    /** Mails the service has taken out of the INBOX: stored (processed folder) or quarantined. */
    private static int left(GreenMail greenMail, GreenMailUser shop) {
        return count(greenMail, shop, "Processed") + count(greenMail, shop, "Quarantine");
    }

    private static int count(GreenMail greenMail, GreenMailUser shop, String folder) {
        MailFolder found = greenMail.getManagers().getImapHostManager().getFolder(shop, folder);
        return found == null ? 0 : found.getMessageCount();
    }

    private static String channels(int imapPort) {
        return """
                omniqueue:
                  channels:
                    - id: bench-mailbox
                      kind: mail
                      from: %s
                      imap:
                        host: 127.0.0.1
                        port: %d
                        protocol: imap
                        username: shop
                        password: secret
                      smtp:
                        host: 127.0.0.1
                        port: 9
                        protocol: smtp
                      poll-delay: 500ms
                      sla:
                        contract: PT24H
                      amazon:
                        sla:
                          contract: PT24H
                """.formatted(SHOP, imapPort);
    }

    /** Every staged mail fetched and parsed, as a plain IMAP client does it: mails per second (after one warm-up pass). */
    private static double rawFetch(int port) throws Exception {
        fetchAll(port);
        long started = System.nanoTime();
        int mails = fetchAll(port);
        return mails / ((System.nanoTime() - started) / 1e9);
    }

    private static int fetchAll(int port) throws Exception {
        Session session = Session.getInstance(new Properties());
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", port, "shop", "secret");
        try {
            Folder folder = store.getFolder(STAGING);
            folder.open(Folder.READ_ONLY);
            int mails = 0;
            for (Message message : folder.getMessages()) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                message.writeTo(raw);
                readParts(new MimeMessage(session, new ByteArrayInputStream(raw.toByteArray())));
                mails++;
            }
            folder.close(false);
            if (mails < MAILS) {
                throw new IllegalStateException("the staging folder held " + mails + " mails of " + MAILS);
            }
            return mails;
        } finally {
            store.close();
        }
    }

    /** Sender, subject and every part's decoded content; a broken part is skipped as a reader would. */
    private static void readParts(MimeMessage mail) throws MessagingException {
        mail.getFrom();
        mail.getSubject();
        mail.getSentDate();
        readPart(mail);
    }

    private static void readPart(Part part) {
        try {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    readPart(multipart.getBodyPart(i));
                }
            } else if (content instanceof InputStream stream) {
                stream.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (MessagingException | IOException | RuntimeException broken) {
            // an unreadable part of a broken mail: the service quarantines such a mail
        }
    }
}
