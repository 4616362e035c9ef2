package io.omniqueue.customer;

import java.time.Instant;

/**
 * One erasure as logged: who or what triggered it and how much went, never what went.
 *
 * @param customerId whose data, null when the conversation had no customer
 * @param conversationId the one conversation a retention run erased, null for a whole customer
 */
public record ErasureRecord(Long customerId, Long conversationId, Trigger trigger, String actor, Instant at,
                            int conversations, int messages, int attachments, int repliesCancelled) {

    public enum Trigger {
        /** An agent or API token asked (DELETE /api/customers/{id}). */
        REQUEST,
        /** The marketplace's retention ran out (omniqueue.privacy.retention). */
        RETENTION
    }
}
