package io.omniqueue.customer;

import io.omniqueue.conversation.ConversationView;
import java.time.Instant;
import java.util.List;

/** Everything held about one person (GDPR access), as {@code GET /api/customers/{id}/export} hands it over. */
public record CustomerExport(Instant exportedAt, CustomerView customer, List<ConversationView> conversations,
                             List<ErasureRecord> erasures) {
}
