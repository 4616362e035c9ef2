package io.omniqueue.reply;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The bean {@code routes/reply-dispatch.camel.yaml} asks for the replies due now. */
@Component("replyOutbox")
public class ReplyOutbox {

    private final ReplyStore store;
    private final OutboxSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    ReplyOutbox(ReplyStore store, OutboxSettings settings, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Claims the due replies in a short transaction of its own, so no lock is held while sending. */
    public List<ClaimedReply> claimDue() {
        Instant now = clock.instant();
        String token = java.util.UUID.randomUUID().toString();
        List<Long> ids = tx.execute(status -> store.claimDue(now, settings.batchSize(), now.plus(settings.lease()), token));
        return ids == null || ids.isEmpty() ? List.of() : store.load(ids);
    }
}
