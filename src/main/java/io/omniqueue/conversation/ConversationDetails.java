package io.omniqueue.conversation;

import java.util.Map;

/**
 * What explains a conversation to an agent, beside its {@link ConversationView}.
 *
 * @param slaPolicy the channel policy key it follows ({@code amazon}), or null for the channel's own
 * @param clockMessageId the message that started the running clock, or null when no clock runs
 * @param htmlBodies sanitized HTML of the messages that have one (mail), by message id
 * @param replyIds the outbox reply behind each shop message sent through us, by message id
 */
public record ConversationDetails(String slaPolicy, Long clockMessageId, Map<Long, String> htmlBodies,
                                  Map<Long, Long> replyIds) {
}
