package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.channel.ReplySender;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.channel.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Replies through sendMessage into the buyer's conversation, then marks the conversation read
 * (updateConversation), as the seller answering it on eBay would. What eBay refuses is refused
 * before the reply is accepted: more than 2,000 characters (errorId 355013), HTML, and files
 * (eBay takes only https links to files the seller hosts, not uploads).
 *
 * <p>Before posting again after an attempt that ended without an answer (timeout), it reads the
 * conversation: if the seller's message with this text is there, the reply is SENT with its id
 * instead of being posted twice.
 */
@Component
class EbayReplySender implements ReplySender {

    /** sendMessage's messageText limit (errorId 355013). */
    static final int MAX_TEXT = 2000;
    // Our clock and eBay's may disagree a little when we look for a copy of our message.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(EbayReplySender.class);

    private final EbayClient client;

    EbayReplySender(EbayClient client) {
        this.client = client;
    }

    @Override
    public String kind() {
        return EbayKind.NAME;
    }

    @Override
    public OptionalInt maxBodyLength(Channel channel) {
        return OptionalInt.of(MAX_TEXT);
    }

    @Override
    public List<String> validate(Channel channel, ReplyDraft draft) {
        List<String> problems = new ArrayList<>();
        String body = draft.body() == null ? "" : draft.body();
        if (body.isBlank()) {
            problems.add("eBay needs a message text (errorId 355015)");
        }
        int length = body.codePointCount(0, body.length());
        if (length > MAX_TEXT) {
            problems.add("eBay takes at most " + MAX_TEXT + " characters in a message (errorId 355013), this reply has " + length);
        }
        htmlTag(body).ifPresent(tag -> problems.add("eBay does not take HTML in a message (found <" + tag
                + ">): write plain text"));
        if (!draft.files().isEmpty()) {
            problems.add("eBay does not take files with a message: it takes only https links to files the seller hosts "
                    + "(at most 5 images or documents); put the link in the text");
        }
        return problems;
    }

    /**
     * The first HTML element of the text, parsed by jsoup as a browser would: a tag eBay's HTML
     * check would see. Only tags HTML knows count, so "a < b" or a name in angle brackets
     * (<ana@example.com>) stays plain text.
     */
    static Optional<String> htmlTag(String text) {
        if (text.indexOf('<') < 0) {
            return Optional.empty();
        }
        Element body = Jsoup.parseBodyFragment(text).body();
        return body.getAllElements().stream().skip(1)
                .filter(e -> e.tag().isKnownTag())
                .map(Element::tagName)
                .findFirst();
    }

    @Override
    public SendOutcome send(Channel channel, OutgoingReply reply) {
        try {
            if (reply.attempt() > 1) {
                String copy = earlierCopy(channel, reply);
                if (copy != null) {
                    markRead(channel, reply);
                    return new SendOutcome.Sent(copy);
                }
            }
            JsonNode sent = client.sendMessage(channel, reply.externalThreadId(), reply.body());
            markRead(channel, reply);
            return new SendOutcome.Sent(EbayConversationMapper.text(sent, "messageId"));
        } catch (SourceException e) {
            // A 429 (errorId 2001, no Retry-After) or the daily budget spent (until next midnight UTC) retries later.
            return SendOutcome.failed(e, null);
        }
    }

    /** The reply is delivered whatever happens here: a conversation left unread is no reason to send again. */
    private void markRead(Channel channel, OutgoingReply reply) {
        try {
            client.markRead(channel, reply.externalThreadId());
        } catch (RuntimeException e) {
            log.warn("Reply {} on {} sent, but marking conversation {} read failed: {}", reply.replyId(), channel.id(),
                    reply.externalThreadId(), e.getMessage());
        }
    }

    /** The id of a seller message with our text written since we accepted the reply (less a margin for clock skew). */
    private String earlierCopy(Channel channel, OutgoingReply reply) {
        EbaySettings settings = channel.settings(EbaySettings.class);
        Instant notBefore = reply.acceptedAt().minus(CLOCK_SKEW);
        // Newest first: the first page holds any copy of a reply accepted minutes ago.
        JsonNode page = client.conversation(channel, reply.externalThreadId(), settings.pageSizeOrDefault(), 0);
        for (JsonNode message : page.path("messages")) {
            String sentAt = EbayConversationMapper.text(message, "createdDate");
            if (settings.isSeller(EbayConversationMapper.text(message, "senderUsername"))
                    && reply.isOurText(EbayConversationMapper.text(message, "messageBody"))
                    && sentAt != null && !parse(sentAt).isBefore(notBefore)) {
                return EbayConversationMapper.text(message, "messageId");
            }
        }
        return null;
    }

    private static Instant parse(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
