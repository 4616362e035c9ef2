package io.omniqueue.reply;

import io.omniqueue.conversation.ClockRecalculator;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationLock;
import io.omniqueue.conversation.OutboundMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records delivered replies, letting the sends that end at the same moment share one transaction:
 * one commit (one H2 store write, one PostgreSQL WAL flush) for several replies instead of one
 * each. The caller returns only once its reply is committed as SENT, so a send slot still means
 * "sent and recorded". No thread of its own: whoever holds the committer lock records everything
 * waiting, its own reply included; alone, a reply is committed at once.
 *
 * <p>A batch locks its conversations in id order, so two batches never wait on each other. When a
 * batch fails (a lock wait that timed out, say), it is rolled back and each reply in it is recorded
 * again in a transaction of its own, so one reply's trouble stays its own.
 */
@Component
class SentReplies {

    /** Enough to share a commit among every sender of a node (max-sends), small enough to keep locks short. */
    private static final int MAX_BATCH = 64;

    private final ReplyStore store;
    private final ConversationLock lock;
    private final ConversationEvents events;
    private final OutboundMessages messages;
    private final ClockRecalculator clocks;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committer = new ReentrantLock();

    SentReplies(ReplyStore store, ConversationLock lock, ConversationEvents events, OutboundMessages messages,
                ClockRecalculator clocks, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.lock = lock;
        this.events = events;
        this.messages = messages;
        this.clocks = clocks;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Marks the reply SENT with the destination's id (null when it gave none), if the claim is still ours.
     *
     * @return false when another node's newer claim owns the reply (nothing was recorded)
     */
    boolean record(ClaimedReply reply, String externalMessageId) {
        Pending mine = new Pending(reply, externalMessageId, new CompletableFuture<>());
        waiting.add(mine);
        // Blocking: a caller that queued while another committed finds its reply done, or commits it itself.
        committer.lock();
        try {
            // A loop: with more than a batch waiting, the oldest go first and ours may be in a later one.
            while (!mine.recorded().isDone()) {
                commitWaiting();
            }
        } finally {
            committer.unlock();
        }
        try {
            return mine.recorded().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void commitWaiting() {
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < MAX_BATCH && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.size() > 1) {
            batch.sort(Comparator.comparingLong((Pending p) -> p.reply().conversationId()).thenComparingLong(p -> p.reply().id()));
            try {
                Instant now = clock.instant();
                List<Boolean> outcomes = tx.execute(status -> batch.stream().map(p -> recordOne(p, now)).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).recorded().complete(outcomes.get(i));
                }
                return;
            } catch (RuntimeException | Error spoiled) {
                // rolled back: each reply below is recorded again on its own
            }
        }
        for (Pending p : batch) {
            try {
                p.recorded().complete(tx.execute(status -> recordOne(p, clock.instant())));
            } catch (RuntimeException | Error e) {
                p.recorded().completeExceptionally(e);
            }
        }
    }

    private boolean recordOne(Pending p, Instant now) {
        ClaimedReply reply = p.reply();
        lock.acquire(reply.conversationId());
        if (!store.markSent(reply.id(), reply.claimToken(), p.externalMessageId(), now)) {
            return false;
        }
        events.record(reply.conversationId(), ConversationEventKind.REPLY_SENT, ConversationEvents.SYSTEM,
                "reply " + reply.id() + " (attempt " + reply.attempt() + ")");
        // The reply's message stopped the clock when it was accepted; only a copy the poller stored
        // meanwhile, now dropped, changes the history the clock is computed from.
        if (p.externalMessageId() != null
                && messages.adoptExternalId(reply.id(), reply.conversationId(), reply.channelId(), p.externalMessageId())) {
            clocks.recompute(reply.conversationId());
        }
        return true;
    }

    private record Pending(ClaimedReply reply, String externalMessageId, CompletableFuture<Boolean> recorded) {
    }
}
