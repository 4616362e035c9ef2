package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundAttachment;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.quarantine.Quarantine;
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
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * The bean of the {@code mailbox-<channelId>} routes: reads one mail's raw bytes, parses them and
 * finds its conversation; the route hands the message to {@code direct:ingest}. A mail that can't be read is
 * quarantined with its raw bytes and moved to the quarantine folder; the poll goes on.
 */
@Component("mailIngestor")
public class MailIngestor {

    static final String QUARANTINE_SOURCE = "mail";
    /** camel-mail moves the mail to the folder this header names instead of the configured one. */
    static final String MOVE_TO_HEADER = "moveTo";
    // A Date header far in the future is a sender's wrong clock; the clock can't start there.
    private static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    private final ChannelRegistry channels;
    private final MailThreading threading;
    private final Quarantine quarantine;
    private final Clock clock;
    private final MailsDone done;

    MailIngestor(ChannelRegistry channels, MailThreading threading, Quarantine quarantine, Clock clock, MailsDone done) {
        this.channels = channels;
        this.threading = threading;
        this.quarantine = quarantine;
        this.clock = clock;
        this.done = done;
    }

    /**
     * The first step of {@code mailbox-<channelId>}: the mail on the exchange, read, parsed and
     * threaded. An unreadable mail is quarantined with its raw bytes and sent to the quarantine
     * folder: the body is then null and the route goes no further with it.
     */
    public InboundMessage toInbound(Exchange exchange) {
        String channelId = exchange.getProperty("channelId", String.class);
        Channel channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalStateException("channel '" + channelId + "' is not configured"));
        byte[] raw = rawBytes(exchange);
        // camel-mail reads the exchange's headers when it commits (moveTo, delete); on its own
        // MailMessage that loads the IMAP envelope, which a server can't build for a broken mail:
        // the commit would fail and the mail come back at every poll. We have the bytes; a plain
        // message carries the headers from here on.
        exchange.setIn(new DefaultMessage(exchange));
        try {
            return toInbound(channel, parser(channel).parse(raw));
        } catch (UnreadableMailException e) {
            quarantine.rejectedPayload(channel.id(), QUARANTINE_SOURCE, encode(raw), e.getMessage());
            exchange.getMessage().setHeader(MOVE_TO_HEADER, quarantineFolder(channel));
            done.finished(channel.id());
            return null;
        }
    }

    /** After {@code direct:ingest}: a message it quarantined leaves for the quarantine folder, not the processed one. */
    public void afterIngest(Exchange exchange) {
        IngestResult result = exchange.getMessage().getBody(IngestResult.class);
        String channelId = exchange.getProperty("channelId", String.class);
        if (result != null && result.isQuarantined()) {
            Channel channel = channels.find(channelId).orElseThrow();
            exchange.getMessage().setHeader(MOVE_TO_HEADER, quarantineFolder(channel));
        }
        done.finished(channelId);
    }

    private static String quarantineFolder(Channel channel) {
        return channel.settings(MailSettings.class).imap().quarantineFolderOrDefault();
    }

    /** The same translation for a quarantined mail retried by an operator. */
    List<InboundMessage> replay(Channel channel, String payload) throws UnreadableMailException {
        return List.of(toInbound(channel, parser(channel).parse(decode(payload))));
    }

    InboundMessage toInbound(Channel channel, ParsedMail mail) {
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
        return new InboundMessage(channel.id(), threading.threadOf(channel, mail), mail.messageId(), direction, role,
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

    private static byte[] rawBytes(Exchange exchange) {
        Message message = exchange.getMessage() instanceof MailMessage mailMessage
                ? mailMessage.getOriginalMessage() : exchange.getMessage().getBody(Message.class);
        if (message == null) {
            byte[] bytes = exchange.getMessage().getBody(byte[].class);
            if (bytes == null) {
                throw new IllegalStateException("the exchange carries no mail");
            }
            return bytes;
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
