package io.omniqueue.channel.mail;

import java.time.Instant;
import java.util.List;

/**
 * What the rest of Omniqueue needs from one e-mail. Text values are decoded to plain Unicode; see
 * {@link MailParser} for how each one is found.
 */
public record ParsedMail(
        String messageId,
        boolean syntheticMessageId,
        String fromAddress,
        String fromName,
        List<String> to,
        String subject,
        Instant date,
        String inReplyTo,
        List<String> references,
        String textBody,
        String safeHtml,
        List<MailAttachment> attachments,
        boolean automatic,
        String automaticReason,
        Long conversationToken,
        AmazonRelay amazon) {

    public ParsedMail {
        to = List.copyOf(to);
        references = List.copyOf(references);
        attachments = List.copyOf(attachments);
    }
}
