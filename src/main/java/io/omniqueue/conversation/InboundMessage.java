package io.omniqueue.conversation;

import java.time.Instant;
import java.util.List;

/**
 * One message as a connector hands it to {@code direct:ingest}, whatever its source. Connectors
 * only fill this record; dedupe, threading and the clock are done once, by the ingest.
 *
 * @param channelId the configured channel it came from
 * @param externalThreadId the source's thread (conversation) id; same id, same conversation
 * @param externalMessageId the source's message id; the same id twice is one message
 * @param direction INBOUND (customer, operator) or OUTBOUND (shop, e.g. typed in a back office)
 * @param authorRole who wrote it
 * @param authorName display name, optional
 * @param authorEmail optional
 * @param subject optional
 * @param body text body, optional (an attachment-only message)
 * @param sentAt when the author sent it
 * @param orderId the marketplace order it is about, optional
 * @param needsReply whether it asks the shop for an answer (starts the clock when inbound)
 * @param waitingSince when the source says the customer started waiting, optional
 * @param attachments files listed with the message, possibly empty
 * @param htmlBody sanitized HTML for display, optional (mail)
 * @param slaPolicy a policy of the channel other than its default, for the conversation this
 *     message opens ({@code amazon} for Amazon buyer messages in a shop mailbox), optional
 * @param marketplace the party whose deadline counts, for the conversation this message opens
 *     ({@code amazon.es} for an Amazon buyer's mail in a shop mailbox), optional: the channel's
 * @param customerRef the source's own id for the customer (a marketplace's buyer id or username,
 *     an Amazon relay alias), optional; with the channel it identifies the customer at that source
 */
public record InboundMessage(
        String channelId,
        String externalThreadId,
        String externalMessageId,
        Direction direction,
        AuthorRole authorRole,
        String authorName,
        String authorEmail,
        String subject,
        String body,
        Instant sentAt,
        String orderId,
        boolean needsReply,
        Instant waitingSince,
        List<InboundAttachment> attachments,
        String htmlBody,
        String slaPolicy,
        String marketplace,
        String customerRef) {

    public InboundMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message whose source gives no customer id of its own. */
    public InboundMessage(String channelId, String externalThreadId, String externalMessageId, Direction direction,
                          AuthorRole authorRole, String authorName, String authorEmail, String subject, String body,
                          Instant sentAt, String orderId, boolean needsReply, Instant waitingSince,
                          List<InboundAttachment> attachments, String htmlBody, String slaPolicy, String marketplace) {
        this(channelId, externalThreadId, externalMessageId, direction, authorRole, authorName, authorEmail, subject, body,
                sentAt, orderId, needsReply, waitingSince, attachments, htmlBody, slaPolicy, marketplace, null);
    }

    /** A message of the channel's marketplace. */
    public InboundMessage(String channelId, String externalThreadId, String externalMessageId, Direction direction,
                          AuthorRole authorRole, String authorName, String authorEmail, String subject, String body,
                          Instant sentAt, String orderId, boolean needsReply, Instant waitingSince,
                          List<InboundAttachment> attachments, String htmlBody, String slaPolicy) {
        this(channelId, externalThreadId, externalMessageId, direction, authorRole, authorName, authorEmail, subject, body,
                sentAt, orderId, needsReply, waitingSince, attachments, htmlBody, slaPolicy, null);
    }

    /** A message in the channel's default policy, without HTML. */
    public InboundMessage(String channelId, String externalThreadId, String externalMessageId, Direction direction,
                          AuthorRole authorRole, String authorName, String authorEmail, String subject, String body,
                          Instant sentAt, String orderId, boolean needsReply, Instant waitingSince,
                          List<InboundAttachment> attachments) {
        this(channelId, externalThreadId, externalMessageId, direction, authorRole, authorName, authorEmail, subject, body,
                sentAt, orderId, needsReply, waitingSince, attachments, null, null);
    }

    /** A message without attachments. */
    public InboundMessage(String channelId, String externalThreadId, String externalMessageId, Direction direction,
                          AuthorRole authorRole, String authorName, String authorEmail, String subject, String body,
                          Instant sentAt, String orderId, boolean needsReply, Instant waitingSince) {
        this(channelId, externalThreadId, externalMessageId, direction, authorRole, authorName, authorEmail, subject, body,
                sentAt, orderId, needsReply, waitingSince, List.of());
    }

    /** A customer message that needs an answer: the common case. */
    public static InboundMessage fromCustomer(String channelId, String threadId, String messageId, String name,
                                              String email, String subject, String body, Instant sentAt, String orderId) {
        return new InboundMessage(channelId, threadId, messageId, Direction.INBOUND, AuthorRole.CUSTOMER, name, email,
                subject, body, sentAt, orderId, true, null);
    }
}
