package io.omniqueue.reply;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Claims the replies due now, one channel at a time, each claim in a short transaction of its own. */
@Component
class ReplyOutbox {

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

    /** Up to {@code limit} due replies of one channel; no lock is held once this returns. */
    List<ClaimedReply> claimDue(String channelId, int limit) {
        return claim(limit, (now, lease, token) -> store.claimDue(channelId, now, limit, lease, token));
    }

    /** Due replies of channels no longer configured, so that they end FAILED instead of waiting forever. */
    List<ClaimedReply> claimDueOutside(Collection<String> configuredChannels, int limit) {
        return claim(limit, (now, lease, token) -> store.claimDueOutside(configuredChannels, now, limit, lease, token));
    }

    /** Hands claimed replies that were never started back to the outbox, as if never claimed. */
    void release(List<ClaimedReply> unsent) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> unsent.forEach(r -> store.release(r.id(), r.claimToken(), now)));
    }

    private List<ClaimedReply> claim(int limit, Claim claim) {
        if (limit < 1) {
            return List.of();
        }
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        List<Long> ids = tx.execute(status -> claim.run(now, now.plus(settings.lease()), token));
        return ids == null || ids.isEmpty() ? List.of() : store.load(ids, now);
    }

    private interface Claim {
        List<Long> run(Instant now, Instant leaseUntil, String token);
    }
}
