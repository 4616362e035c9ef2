package io.omniqueue.channel.mail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.SourceException;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.channel.ReplySender;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.OutboundMessages;
import io.omniqueue.conversation.ThreadLookup;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Replies by SMTP through camel-mail, in the customer's thread: In-Reply-To the last message of
 * the conversation, References to its chain, the configured From (for Amazon, the sender address
 * registered with Amazon), and our token in the subject so that a reply whose headers were
 * stripped still finds its conversation. The Message-ID is derived from the reply id, so a retry
 * after a lost answer sends the same message, which mail clients show once.
 */
@Component
class MailReplySender implements ReplySender {

    // Amazon refuses buyer-seller attachments over 10 MB.
    static final long AMAZON_MAX_FILE_BYTES = 10L * 1024 * 1024;
    private static final int MAX_REFERENCES = 20;

    private final ProducerTemplate producer;
    private final ThreadLookup threads;
    private final ChannelBreakers breakers;
    private final Session session = Session.getInstance(new Properties());

    MailReplySender(ProducerTemplate producer, ThreadLookup threads, ChannelBreakers breakers) {
        this.producer = producer;
        this.threads = threads;
        this.breakers = breakers;
    }

    @Override
    public String kind() {
        return MailKind.NAME;
    }

    @Override
    public List<String> validate(Channel channel, ReplyDraft draft) {
        List<String> problems = new ArrayList<>();
        if (draft.body() == null || draft.body().isBlank()) {
            problems.add("body is empty");
        }
        long max = channel.settings(MailSettings.class).maxMessageBytesOrDefault();
        long size = draft.totalBytes() + (draft.body() == null ? 0 : draft.body().getBytes(StandardCharsets.UTF_8).length);
        if (size > max) {
            problems.add("the reply has " + size / 1024 + " KB; the mail server of channel '" + channel.id()
                    + "' takes at most " + max / 1024 + " KB");
        }
        if (MailThreading.isAmazonThread(draft.externalThreadId())) {
            draft.files().stream().filter(f -> f.sizeBytes() > AMAZON_MAX_FILE_BYTES).forEach(f -> problems.add(
                    "Amazon refuses attachments over 10 MB: '" + f.name() + "' has " + f.sizeBytes() / 1024 / 1024 + " MB"));
        }
        return problems;
    }

    @Override
    public SendOutcome send(Channel channel, OutgoingReply reply) {
        ThreadLookup.Recipient recipient = threads.recipient(reply.conversationId()).orElse(null);
        if (recipient == null || recipient.email() == null) {
            return new SendOutcome.Rejected("the conversation has no e-mail address to answer");
        }
        String messageId = messageId(channel, reply);
        MimeMessage mail;
        try {
            mail = compose(channel, reply, recipient, messageId);
        } catch (MessagingException e) {
            return new SendOutcome.Rejected("the reply can't be written as a mail: " + e.getMessage());
        }
        // The mailbox's breaker: an SMTP server that keeps failing is left alone for a while, as a
        // marketplace that keeps answering 5xx is, and the poll of the same channel sees it too.
        CircuitBreaker breaker = breakers.of(channel.id());
        if (!breaker.tryAcquirePermission()) {
            return new SendOutcome.RetryLater("circuit breaker of channel '" + channel.id() + "' is open", null);
        }
        long start = System.nanoTime();
        MimeMessage toSend = mail;
        Exchange result = producer.send(channel.settings(MailSettings.class).smtp().smtpEndpointUri(),
                exchange -> exchange.getMessage().setBody(toSend));
        if (result.getException() != null) {
            Throwable cause = result.getException();
            while (cause.getCause() != null && !(cause instanceof SendFailedException)) {
                cause = cause.getCause();
            }
            if (cause instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                    && failed.getInvalidAddresses().length > 0) {
                // The address, not the server: says nothing about the server's health.
                breaker.releasePermission();
                return new SendOutcome.Rejected("the mail server refused the recipient: " + failed.getMessage());
            }
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
                    new SourceException.Unavailable("SMTP failed", result.getException()));
            return new SendOutcome.RetryLater("SMTP failed: " + result.getException().getMessage(), null);
        }
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return new SendOutcome.Sent(messageId);
    }

    private MimeMessage compose(Channel channel, OutgoingReply reply, ThreadLookup.Recipient recipient, String messageId)
            throws MessagingException {
        MimeMessage mail = new FixedIdMimeMessage(session, "<" + messageId + ">");
        mail.setFrom(new InternetAddress(channel.settings(MailSettings.class).from()));
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(recipient.email(), false));
        mail.setSubject(subject(recipient.subject(), reply.conversationId()), "UTF-8");
        List<ThreadLookup.MessageRef> refs = threads.messageRefs(reply.conversationId());
        // Our own replies still waiting carry a placeholder id, not a Message-ID: not a reference.
        List<String> chain = refs.stream()
                .filter(ref -> !ref.externalMessageId().startsWith(OutboundMessages.PENDING_ID_PREFIX))
                .map(ThreadLookup.MessageRef::externalMessageId).toList();
        String inReplyTo = refs.stream()
                .filter(ref -> ref.direction() == Direction.INBOUND)
                .reduce((first, second) -> second).map(ThreadLookup.MessageRef::externalMessageId).orElse(null);
        if (inReplyTo != null) {
            mail.setHeader("In-Reply-To", "<" + inReplyTo + ">");
        }
        if (!chain.isEmpty()) {
            List<String> last = chain.subList(Math.max(0, chain.size() - MAX_REFERENCES), chain.size());
            mail.setHeader("References", String.join(" ", last.stream().map(id -> "<" + id + ">").toList()));
        }
        if (reply.files().isEmpty()) {
            mail.setText(reply.body(), "UTF-8");
        } else {
            MimeMultipart parts = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(reply.body(), "UTF-8");
            parts.addBodyPart(text);
            for (OutgoingReply.File file : reply.files()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.content(), file.contentType())));
                part.setFileName(file.name());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                parts.addBodyPart(part);
            }
            mail.setContent(parts);
        }
        mail.setSentDate(new java.util.Date());
        return mail;
    }

    static String subject(String subject, long conversationId) {
        String base = subject == null || subject.isBlank() ? "Your message" : subject.strip();
        String token = "[#OQ-" + conversationId + "]";
        String answer = base.regionMatches(true, 0, "Re:", 0, 3) ? base : "Re: " + base;
        return answer.contains(token) ? answer : answer + " " + token;
    }

    private static String messageId(Channel channel, OutgoingReply reply) {
        String from = channel.settings(MailSettings.class).from();
        String domain = from.substring(from.indexOf('@') + 1).replace(">", "").strip();
        return "omniqueue." + reply.replyId() + "." + reply.conversationId() + "@" + domain;
    }

    /** Keeps our Message-ID: jakarta.mail would otherwise replace it with a random one on sending. */
    private static final class FixedIdMimeMessage extends MimeMessage {

        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
