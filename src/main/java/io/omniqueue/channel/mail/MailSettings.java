package io.omniqueue.channel.mail;

import io.omniqueue.channel.MailServerSettings;
import io.omniqueue.channel.SlaSettings;
import java.time.Duration;

/**
 * The shop mailbox's own keys.
 *
 * @param imap the mailbox to read
 * @param smtp the server replies leave through
 * @param from the sender address of replies (for Amazon, the address registered with Amazon)
 * @param pollDelay time between two mailbox polls, when no {@code schedule} is given (default 60 s)
 * @param amazon the policy of Amazon buyer-seller conversations arriving in this mailbox
 * @param maxAttachmentBytes larger attachments are listed but not stored (default 10 MB)
 * @param maxMessageBytes the largest reply (attachments included) the SMTP server takes (default 25 MB)
 */
public record MailSettings(MailServerSettings imap, MailServerSettings smtp, String from, Duration pollDelay,
                           AmazonSettings amazon, Long maxAttachmentBytes, Long maxMessageBytes) {

    static final long DEFAULT_MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    static final long DEFAULT_MAX_MESSAGE_BYTES = 25L * 1024 * 1024;

    /** The {@code amazon} block: Amazon's own clock (24 h wall-clock by default). */
    public record AmazonSettings(SlaSettings sla) {
    }

    long maxAttachmentBytesOrDefault() {
        return maxAttachmentBytes == null ? DEFAULT_MAX_ATTACHMENT_BYTES : maxAttachmentBytes;
    }

    long maxMessageBytesOrDefault() {
        return maxMessageBytes == null ? DEFAULT_MAX_MESSAGE_BYTES : maxMessageBytes;
    }

    Duration pollDelayOrDefault() {
        return pollDelay == null ? Duration.ofSeconds(60) : pollDelay;
    }
}
