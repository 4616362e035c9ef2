package io.omniqueue.channel;

import java.net.URI;
import java.time.Duration;

/**
 * One configured channel (an entry of {@code omniqueue.channels}). Kind-specific settings sit
 * beside the common ones, as operators write them, and are null for the kinds that don't use them.
 *
 * @param id stable identifier, used in route ids and the database
 * @param kind the connector that serves it ({@code webhook}, {@code mirakl}...)
 * @param sla the response-deadline policy; absent means 24 h wall-clock
 * @param callbackUrl webhook: where replies are POSTed
 * @param maxReplyLength webhook: longest reply body the receiver takes, in characters
 * @param baseUrl marketplace API root, e.g. https://carrefour-prod.mirakl.net
 * @param apiKey marketplace API key (from an environment variable, never written in the file)
 * @param shopId Mirakl: the shop, when one key reaches several
 * @param schedule Quartz cron of the poll, default every 2 minutes
 * @param pageSize threads per page, 10 to 100
 * @param operatorMessagesNeedReply Mirakl: whether a marketplace operator's message starts the clock
 * @param replyToOperator Mirakl: whether replies also go to the operator, not only the customer
 * @param pollOverlap how far before the last seen update a poll starts again (clock skew, late writes)
 * @param imap mail: the mailbox to read
 * @param smtp mail: the server replies leave through
 * @param from mail: the sender address of replies (for Amazon, the address registered with Amazon)
 * @param pollDelay mail: time between two mailbox polls, when no {@code schedule} is given
 * @param amazon mail: the policy of Amazon buyer-seller conversations arriving in this mailbox
 * @param maxAttachmentBytes mail: larger attachments are listed but not stored
 * @param maxMessageBytes mail: the largest reply (attachments included) the SMTP server takes
 * @param alerts who hears about this channel's deadlines, instead of {@code omniqueue.alerts.recipients}
 * @param marketplace the party whose deadline counts for this channel's conversations ({@link Marketplace});
 *     absent means the kind's default (Mirakl: the channel id; mail and webhook: {@code shop})
 */
public record ChannelSettings(String id, String kind, SlaSettings sla, URI callbackUrl, Integer maxReplyLength,
                              URI baseUrl, String apiKey, Long shopId, String schedule, Integer pageSize,
                              Boolean operatorMessagesNeedReply, Boolean replyToOperator, Duration pollOverlap,
                              MailServerSettings imap, MailServerSettings smtp, String from, Duration pollDelay,
                              AmazonSettings amazon, Long maxAttachmentBytes, Long maxMessageBytes,
                              ChannelAlerts alerts, String marketplace) {

    /** The {@code alerts} block of a channel. */
    public record ChannelAlerts(java.util.List<String> recipients) {
    }

    /** The lead times of this channel's deadline warnings, longest first. */
    public java.util.List<Duration> warnBeforeOrDefault() {
        java.util.List<Duration> leads = sla == null || sla.warnBefore() == null || sla.warnBefore().isEmpty()
                ? SlaSettings.DEFAULT_WARN_BEFORE : sla.warnBefore();
        return leads.stream().distinct().sorted(java.util.Comparator.reverseOrder()).toList();
    }

    /** The Amazon block of a mail channel: Amazon's own clock (24 h wall-clock by default). */
    public record AmazonSettings(SlaSettings sla) {
    }

    public static final String DEFAULT_SCHEDULE = "0 0/2 * * * ?";

    public static ChannelSettings webhook(String id, SlaSettings sla, URI callbackUrl, Integer maxReplyLength) {
        return new ChannelSettings(id, "webhook", sla, callbackUrl, maxReplyLength, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    public String scheduleOrDefault() {
        return schedule == null || schedule.isBlank() ? DEFAULT_SCHEDULE : schedule.trim();
    }

    public int pageSizeOrDefault() {
        return pageSize == null ? 100 : pageSize;
    }

    public Duration pollOverlapOrDefault() {
        return pollOverlap == null ? Duration.ofMinutes(5) : pollOverlap;
    }
}
