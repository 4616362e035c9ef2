package io.omniqueue.reply;

import io.omniqueue.conversation.ClockRecalculator;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationLock;
import io.omniqueue.conversation.OutboundMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records delivered replies, letting the sends that end at the same moment share one transaction:
 * one commit (one H2 store write, one PostgreSQL WAL flush) for several replies instead of one
 * each. The recording runs on a thread of its own ({@code reply-record}), so a sender thread is
 * free for the next send as soon as its receiver answered: when the database is the slower side,
 * the replies waiting to be recorded make the next batch bigger instead of holding every sender
 * thread (a slow receiver's sends then waited for threads behind a fast receiver's recordings).
 * At most {@value #MAX_BEHIND} replies of a channel wait (as many as the sender threads that used
 * to wait for their commit); beyond that the channel's sender waits for its own, so the replies
 * sent but not yet recorded stay few and far within their lease, and a channel far behind holds
 * back only itself.
 *
 * <p>A batch locks its conversations in id order, so two batches never wait on each other, and
 * then takes one statement (or one JDBC batch) per step for all its replies. When a
 * batch fails (a lock wait that timed out, say), it is rolled back and each reply in it is recorded
 * again in a transaction of its own, so one reply's trouble stays its own.
 */
@Component
class SentReplies implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SentReplies.class);
    /** Enough to share a commit among every sender of a node (max-sends), small enough to keep locks short. */
    private static final int MAX_BATCH = 64;
    /** Replies of one channel sent and waiting to be recorded beyond which its sender waits for its own. */
    static final int MAX_BEHIND = MAX_BATCH;
    /**
     * A batch this big is committed at once; a smaller one waits up to {@link #LINGER} after
     * its oldest reply was handed over, for the replies being sent meanwhile. Each commit writes
     * every page it changed (H2 writes a new chunk of them, tens of kilobytes, whatever the batch's
     * size; PostgreSQL flushes its log), so the same replies in fewer commits cost less. Below
     * {@link #MAX_BEHIND}, so no sender waits for a batch to grow.
     */
    static final int FULL_ENOUGH = MAX_BATCH / 2;
    /** Short beside a reply's round trip to a marketplace (tenths of a second) and its claim's lease (2 minutes). */
    static final Duration LINGER = Duration.ofMillis(2);

    private final ReplyStore store;
    private final ConversationLock lock;
    private final ConversationEvents events;
    private final OutboundMessages messages;
    private final ClockRecalculator clocks;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committer = new ReentrantLock();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Map<String, AtomicInteger> behind = new ConcurrentHashMap<>();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(ReplyPump.named("reply-record"));
    private final long lingerNanos;

    @Autowired
    SentReplies(ReplyStore store, ConversationLock lock, ConversationEvents events, OutboundMessages messages,
                ClockRecalculator clocks, TransactionTemplate tx, Clock clock) {
        this(store, lock, events, messages, clocks, tx, clock, LINGER);
    }

    /** @param linger see {@link #LINGER}; tests give a longer one so that their batch forms whatever the machine's pauses */
    SentReplies(ReplyStore store, ConversationLock lock, ConversationEvents events, OutboundMessages messages,
                ClockRecalculator clocks, TransactionTemplate tx, Clock clock, Duration linger) {
        this.lingerNanos = linger.toNanos();
        this.store = store;
        this.lock = lock;
        this.events = events;
        this.messages = messages;
        this.clocks = clocks;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Marks the reply SENT with the destination's id (null when it gave none), if the claim is still
     * ours; returns once it is committed.
     *
     * @return false when another node's newer claim owns the reply (nothing was recorded)
     */
    boolean record(ClaimedReply reply, String externalMessageId) {
        return outcome(recordSoon(reply, externalMessageId));
    }

    /**
     * The same, committed by the recording thread with the replies sent meanwhile; the future
     * completes once the reply is committed (false: another node's newer claim owns it). The caller
     * waits only when {@value #MAX_BEHIND} replies of its channel are already waiting.
     */
    CompletableFuture<Boolean> recordSoon(ClaimedReply reply, String externalMessageId) {
        Pending mine = new Pending(reply, externalMessageId, new CompletableFuture<>(), System.nanoTime());
        var channelBehind = behind.computeIfAbsent(reply.channelId(), k -> new AtomicInteger());
        int ofChannel = channelBehind.incrementAndGet();
        mine.recorded().whenComplete((ours, failure) -> channelBehind.decrementAndGet());
        waiting.add(mine);
        if (draining.compareAndSet(false, true)) {
            try {
                recorder.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                draining.set(false);
            }
        }
        if (!mine.recorded().isDone() && (ofChannel > MAX_BEHIND || recorder.isShutdown())) {
            // Far behind, or the node is stopping: this sender commits or waits for its own reply.
            commitUntilDone(mine);
        }
        return mine.recorded();
    }

    private void drain() {
        do {
            try {
                while (!waiting.isEmpty()) {
                    lingerForMore();
                    committer.lock();
                    try {
                        commitWaiting();
                    } finally {
                        committer.unlock();
                    }
                }
            } finally {
                draining.set(false);
            }
            // A reply queued after the last look but before the flag dropped is drained here.
        } while (!waiting.isEmpty() && draining.compareAndSet(false, true));
    }

    /** Lets a small batch grow for a moment (see {@link #FULL_ENOUGH}); not when the node stops. */
    private void lingerForMore() {
        Pending oldest = waiting.peek();
        if (oldest == null) {
            return;
        }
        long until = oldest.queuedAt() + lingerNanos;
        while (System.nanoTime() - until < 0 && !recorder.isShutdown() && !fullEnough()) {
            LockSupport.parkNanos(Math.min(lingerNanos / 10, 200_000));
        }
    }

    private boolean fullEnough() {
        int n = 0;
        for (var it = waiting.iterator(); it.hasNext() && n < FULL_ENOUGH; it.next()) {
            n++;
        }
        return n >= FULL_ENOUGH;
    }

    private void commitUntilDone(Pending mine) {
        committer.lock();
        try {
            // A loop: with more than a batch waiting, the oldest go first and ours may be in a later one.
            while (!mine.recorded().isDone()) {
                commitWaiting();
            }
        } finally {
            committer.unlock();
        }
    }

    static boolean outcome(CompletableFuture<Boolean> recorded) {
        try {
            return recorded.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** Replies already handed over are committed before the database goes away. */
    @Override
    public void destroy() throws InterruptedException {
        recorder.shutdown();
        if (!recorder.awaitTermination(10, TimeUnit.SECONDS)) {
            // Not shutdownNow: an interrupt inside a transaction can close H2's file channel. The
            // replies not recorded are sent again after their lease (same Idempotency-Key).
            log.warn("{} sent replies not recorded as SENT at shutdown", waiting.size());
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
                List<Boolean> outcomes = tx.execute(status -> recordTogether(batch, now));
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

    /**
     * Marks each reply SENT if its claim is still ours, records the event and adopts the destination's
     * id, with a statement per step for the whole batch rather than one per reply, so that a round trip to the database (a wake-up on both sides) serves them all: in
     * {@code ReplyDispatchBench} on PostgreSQL the recording thread's CPU a reply fell by a third and
     * PostgreSQL's by a fifth. Runs in the caller's transaction; package-private for tests, which
     * cannot make the recording thread batch on cue.
     *
     * @return for each, in order, whether it was recorded (false: another node's newer claim owns it)
     */
    List<Boolean> recordTogether(List<? extends Delivered> batch, Instant now) {
        lock.acquireAll(new TreeSet<>(batch.stream().map(p -> p.reply().conversationId()).toList()));
        boolean[] ours = store.markAllSent(batch.stream()
                .map(p -> new ReplyStore.Sent(p.reply().id(), p.reply().claimToken(), p.externalMessageId())).toList(), now);
        List<ConversationEvents.Entry> sent = new ArrayList<>();
        List<OutboundMessages.Adoption> adoptions = new ArrayList<>();
        List<Boolean> outcomes = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            outcomes.add(ours[i]);
            if (!ours[i]) {
                continue;
            }
            ClaimedReply reply = batch.get(i).reply();
            sent.add(new ConversationEvents.Entry(reply.conversationId(), ConversationEventKind.REPLY_SENT, ConversationEvents.SYSTEM,
                    sentDetail(reply)));
            if (batch.get(i).externalMessageId() != null) {
                adoptions.add(new OutboundMessages.Adoption(reply.id(), reply.conversationId(), reply.channelId(),
                        batch.get(i).externalMessageId()));
            }
        }
        events.recordAll(sent);
        // The replies' messages stopped the clocks when they were accepted; only where a copy the poller
        // stored meanwhile gave way did the history the clock is computed from change.
        new TreeSet<>(messages.adoptExternalIds(adoptions)).forEach(clocks::recompute);
        return outcomes;
    }

    private static String sentDetail(ClaimedReply reply) {
        return "reply " + reply.id() + " (attempt " + reply.attempt() + ")";
    }

    /** One reply in a transaction of its own: the same steps as a batch's, for a batch of one. */
    private boolean recordOne(Pending p, Instant now) {
        return recordTogether(List.of(p), now).get(0);
    }

    /** A reply its destination took, with the id it gave (null when none). */
    interface Delivered {
        ClaimedReply reply();

        String externalMessageId();
    }

    private record Pending(ClaimedReply reply, String externalMessageId, CompletableFuture<Boolean> recorded, long queuedAt)
            implements Delivered {
    }
}
