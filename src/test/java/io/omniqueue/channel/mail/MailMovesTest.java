package io.omniqueue.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A poll's moves against GreenMail, a real IMAP server. */
class MailMovesTest {

    private final GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    private Store store;
    private Folder inbox;

    @BeforeEach
    void start() throws MessagingException {
        greenMail.start();
        GreenMailUser shop = greenMail.setUser("shop@omni.test", "shop", "secret");
        for (int i = 1; i <= 3; i++) {
            shop.deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream(("From: c" + i + "@customer.test\r\n"
                    + "Subject: mail " + i + "\r\nMessage-ID: <m" + i + "@customer.test>\r\n\r\nHello.\r\n")
                    .getBytes(StandardCharsets.UTF_8))));
        }
        store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), "shop", "secret");
        inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
    }

    @AfterEach
    void stop() throws MessagingException {
        store.close();
        greenMail.stop();
    }

    @Test
    void storedMailsLeaveForProcessedAndQuarantinedOnesForQuarantineMarkedSeenWhileOthersStayUnseen() throws Exception {
        Message[] mails = inbox.getMessages();

        MailMoves.apply(inbox, List.of(new MailMoves.Move("Processed", List.of(mails[0])),
                new MailMoves.Move("Quarantine", List.of(mails[1]))));
        inbox.close(true);

        assertThat(subjects("Processed", true)).containsExactly("mail 1");
        assertThat(subjects("Quarantine", true)).containsExactly("mail 2");
        // The third one was not stored: it stays in the INBOX, unseen, for the next poll.
        assertThat(subjects("INBOX", false)).containsExactly("mail 3");
    }

    @Test
    void mailsADestinationRefusesStayInTheFolderUnseenForTheNextPoll() throws Exception {
        Message[] mails = inbox.getMessages();

        // A wildcard inside a folder name: GreenMail refuses to look it up.
        assertThatThrownBy(() -> MailMoves.apply(inbox, List.of(new MailMoves.Move("Processed", List.of(mails[0])),
                new MailMoves.Move("Bad*Folder", List.of(mails[1], mails[2])))))
                .isInstanceOf(MessagingException.class);
        inbox.close(true);

        assertThat(subjects("Processed", true)).containsExactly("mail 1");
        assertThat(subjects("INBOX", false)).containsExactly("mail 2", "mail 3");
    }

    /** The subjects in a folder, each checked to be seen (or unseen). */
    private List<String> subjects(String name, boolean seen) throws MessagingException {
        Folder folder = store.getFolder(name);
        folder.open(Folder.READ_ONLY);
        try {
            return Arrays.stream(folder.getMessages()).map(message -> {
                try {
                    assertThat(message.isSet(Flags.Flag.SEEN)).as(message.getSubject()).isEqualTo(seen);
                    return message.getSubject();
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } finally {
            folder.close(false);
        }
    }
}
