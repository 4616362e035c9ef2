package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.MailServerSettings;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundAttachment;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.conversation.PageIngest;
import io.omniqueue.quarantine.Quarantine;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * The bean of the {@code mailbox-<channelId>} routes: reads each mail's raw bytes, parses them and
 * finds its conversation; a poll's messages are stored together through {@code direct:ingest}
 * ({@link PageIngest}) and then moved out of the folder. A mail that can't be read is quarantined
 * with its raw bytes and moved to the quarantine folder; the poll goes on.
 */
@Component("mailIngestor")
public class MailIngestor {

    static final String QUARANTINE_SOURCE = "mail";
    // A Date header far in the future is a sender's wrong clock; the clock can't start there.
    private static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    private final ChannelRegistry channels;
    private final MailThreading threading;
    private final Quarantine quarantine;
    private final Clock clock;
    private final MailsDone done;
    private final PageIngest pages;

    MailIngestor(ChannelRegistry channels, MailThreading threading, Quarantine quarantine, Clock clock, MailsDone done,
                 PageIngest pages) {
        this.channels = channels;
        this.threading = threading;
        this.quarantine = quarantine;
        this.clock = clock;
        this.done = done;
        this.pages = pages;
    }

    /**
     * The one step of {@code mailbox-<channelId>}, once per mail of a poll: the mail read, parsed and
     * threaded (an unreadable one quarantined with its raw bytes), then kept with the poll's others;
     * the poll's last mail stores them all together and moves each out of the folder: stored ones to
     * the processed folder, quarantined ones to the quarantine folder. The consumer leaves each mail
     * in place when its exchange ends ({@link MailboxComponent}), so that nothing leaves the folder
     * before it is stored; a mail whose storing failed stays where it was, unseen, for the next poll.
     */
    public void collect(Exchange exchange) throws MessagingException {
        String channelId = exchange.getProperty("channelId", String.class);
        Channel channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalStateException("channel '" + channelId + "' is not configured"));
        Message mail = exchange.getMessage() instanceof MailMessage mailMessage
                ? mailMessage.getOriginalMessage() : exchange.getMessage().getBody(Message.class);
        MailPoll poll = exchange.getFromEndpoint() instanceof MailEndpoint endpoint
                && endpoint.getMailUidGenerator() instanceof MailPoll own ? own : new MailPoll(channelId);
        boolean last = exchange.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.TRUE, Boolean.class);
        // Whatever reads the exchange's headers from here on (a log of a failed exchange) must not
        // load camel-mail's envelope, which a server can't build for a broken mail: we have the mail.
        exchange.setIn(new DefaultMessage(exchange));
        try {
            read(channel, poll, mail);
        } finally {
            if (last) {
                storeAndMove(channel, poll.drain());
            }
        }
    }

    private void read(Channel channel, MailPoll poll, Message mail) {
        byte[] raw = poll.takeBody(mail).orElseGet(() -> rawBytes(mail));
        try {
            ParsedMail parsed = parser(channel).parse(raw);
            poll.readStored(mail, toInbound(channel, parsed, poll::threadOfEarlierMail));
        } catch (UnreadableMailException e) {
            quarantine.rejectedPayload(channel.id(), QUARANTINE_SOURCE, encode(raw), e.getMessage());
            poll.readUnreadable(mail);
        }
    }

    /**
     * Stores the poll's messages together (its threads at once, each thread's in order, sharing the
     * ingest's group commits), then moves what is done. When storing fails (the database away), each
     * message is tried on its own so that those stored still leave the folder; the rest stay.
     */
    private void storeAndMove(Channel channel, List<MailPoll.Read> mails) throws MessagingException {
        if (mails.isEmpty()) {
            return;
        }
        List<MailPoll.Read> toStore = mails.stream().filter(read -> read.message() != null).toList();
        List<IngestResult> results;
        RuntimeException failure = null;
        try {
            results = pages.store(toStore.stream().map(MailPoll.Read::message).toList());
        } catch (RuntimeException failed) {
            results = new ArrayList<>();
            for (MailPoll.Read read : toStore) {
                try {
                    results.add(pages.store(List.of(read.message())).get(0));
                } catch (RuntimeException again) {
                    results.add(null);
                    if (failure == null) {
                        failure = again;
                    }
                }
            }
        }
        List<Message> processed = new ArrayList<>();
        List<Message> quarantined = new ArrayList<>();
        for (int i = 0; i < toStore.size(); i++) {
            IngestResult result = results.get(i);
            if (result != null) {
                (result.isQuarantined() ? quarantined : processed).add(toStore.get(i).mail());
            }
        }
        mails.stream().filter(read -> read.message() == null).forEach(read -> quarantined.add(read.mail()));
        for (int i = 0; i < processed.size() + quarantined.size(); i++) {
            done.finished(channel.id());
        }
        MailServerSettings imap = channel.settings(MailSettings.class).imap();
        Folder folder = mails.get(0).mail() == null ? null : mails.get(0).mail().getFolder();
        if (folder != null) {
            MailMoves.apply(folder, List.of(new MailMoves.Move(imap.processedFolderOrDefault(), processed),
                    new MailMoves.Move(imap.quarantineFolderOrDefault(), quarantined)));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The same translation for a quarantined mail retried by an operator. */
    List<InboundMessage> replay(Channel channel, String payload) throws UnreadableMailException {
        return List.of(toInbound(channel, parser(channel).parse(decode(payload)), id -> Optional.empty()));
    }

    InboundMessage toInbound(Channel channel, ParsedMail mail, Function<String, Optional<String>> notYetStored) {
        String shopAddress = channel.settings(MailSettings.class).from();
        boolean fromShop = shopAddress != null && shopAddress.equalsIgnoreCase(mail.fromAddress());
        Direction direction = fromShop ? Direction.OUTBOUND : Direction.INBOUND;
        AuthorRole role = fromShop ? AuthorRole.SHOP : mail.automatic() ? AuthorRole.SYSTEM : AuthorRole.CUSTOMER;
        Instant now = clock.instant();
        Instant sentAt = mail.date() == null || mail.date().isAfter(now.plus(FUTURE_TOLERANCE)) ? now : mail.date();
        List<InboundAttachment> files = new ArrayList<>();
        for (int i = 0; i < mail.attachments().size(); i++) {
            MailAttachment a = mail.attachments().get(i);
            files.add(new InboundAttachment(mail.messageId() + "#" + (i + 1), a.name(), a.sizeBytes(), a.contentType(),
                    a.stored() ? a.content() : null));
        }
        AmazonRelay amazon = mail.amazon();
        return new InboundMessage(channel.id(), threading.threadOf(channel, mail, notYetStored), mail.messageId(), direction, role,
                mail.fromName(), mail.fromAddress(), mail.subject(), mail.textBody(), sentAt,
                amazon == null ? null : amazon.orderId(),
                // Auto-replies, bounces and reports are kept but never start the clock.
                !fromShop && !mail.automatic(), null, files, mail.safeHtml(),
                amazon == null ? null : Channel.AMAZON_POLICY,
                // The relay's domain says whose deadline counts; other mail is the channel's (the shop's).
                amazon == null ? null : amazon.conversationMarketplace(),
                // Amazon's relay address is the buyer's alias for this shop: Amazon's own id for them.
                amazon == null ? null : amazon.alias());
    }

    private static MailParser parser(Channel channel) {
        return new MailParser(channel.settings(MailSettings.class).maxAttachmentBytesOrDefault());
    }

    private static byte[] rawBytes(Message message) {
        if (message == null) {
            throw new IllegalStateException("the exchange carries no mail");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the mail from the server", e);
        } catch (MessagingException e) {
            throw new IllegalStateException("could not read the mail from the server: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    // Raw mail may hold any byte, NUL included, which a text column refuses: base64 keeps it whole.
    static String encode(byte[] raw) {
        return "base64:" + Base64.getEncoder().encodeToString(raw);
    }

    static byte[] decode(String payload) {
        if (payload.startsWith("base64:")) {
            return Base64.getDecoder().decode(payload.substring("base64:".length()));
        }
        return payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
