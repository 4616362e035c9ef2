package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.conversation.ThreadLookup;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Which conversation a mail belongs to, in this order: In-Reply-To against the stored
 * Message-IDs, References from right to left (the nearest ancestor first), the token our own
 * mails carry ({@code [#OQ-<conversation>]}), and for Amazon the relay alias with the order id.
 * Otherwise the mail opens a conversation of its own.
 */
@Component
class MailThreading {

    private final ThreadLookup lookup;

    MailThreading(ThreadLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param notYetStored the thread of a mail read before this one but not stored yet (the same
     *     poll stores its mails together), by Message-ID; asked before the stored ones
     */
    String threadOf(Channel channel, ParsedMail mail, Function<String, Optional<String>> notYetStored) {
        Function<String, Optional<String>> threadOfMessage =
                id -> notYetStored.apply(id).or(() -> lookup.threadOfMessage(channel.id(), id));
        Optional<String> thread = Optional.ofNullable(mail.inReplyTo()).flatMap(threadOfMessage);
        List<String> references = mail.references();
        for (int i = references.size() - 1; thread.isEmpty() && i >= 0; i--) {
            thread = threadOfMessage.apply(references.get(i));
        }
        if (thread.isEmpty() && mail.conversationToken() != null) {
            thread = lookup.threadOfConversation(channel.id(), mail.conversationToken());
        }
        if (thread.isEmpty() && mail.amazon() != null) {
            AmazonRelay amazon = mail.amazon();
            thread = Optional.of(amazonThread(amazon));
        }
        return thread.orElse(mail.messageId());
    }

    static String amazonThread(AmazonRelay amazon) {
        return "amazon-" + amazon.marketplace() + ":" + amazon.alias() + ":"
                + (amazon.orderId() == null ? "no-order" : amazon.orderId());
    }

    static boolean isAmazonThread(String threadId) {
        return threadId != null && threadId.startsWith("amazon-");
    }
}
