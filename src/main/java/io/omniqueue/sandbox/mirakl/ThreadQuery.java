package io.omniqueue.sandbox.mirakl;

import java.util.List;
import java.util.Set;

/**
 * What an M11 paging run asked for. It travels inside the page token because Mirakl ignores these parameters
 * once a page_token is given. Dates are epoch milliseconds so the token needs no date (de)serialisers.
 */
record ThreadQuery(Long updatedSinceMillis, boolean withMessages, String entityType, List<String> entityIds) {

    static final Set<String> ENTITY_TYPES = Set.of("MMP_ORDER", "MMP_OFFER", "MPS_ORDER", "MPS_SERVICE",
            "SELLER_OPERATOR");

    /** Every simulated thread is about a marketplace order. */
    static final String THREAD_ENTITY_TYPE = "MMP_ORDER";

    ThreadQuery {
        entityIds = entityIds == null ? List.of() : List.copyOf(entityIds);
    }

    boolean matches(InboxThread thread) {
        if (updatedSinceMillis != null && thread.updated().toEpochMilli() < updatedSinceMillis) {
            return false;
        }
        if (entityType != null && !THREAD_ENTITY_TYPE.equals(entityType)) {
            return false;
        }
        return entityIds.isEmpty() || entityIds.contains(thread.orderId());
    }
}
