package io.omniqueue.conversation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import io.omniqueue.insight.MessageInsight;

/**
 * Lets concurrent ingests share one transaction, so that one commit (one H2 store write, one
 * PostgreSQL WAL flush) and one connection serve several messages. Each caller still gets its
 * answer only after the transaction holding its message has committed: a {@code 202} keeps
 * meaning stored. No thread of its own: a caller that finds a free committer slot takes whatever
 * is waiting (its own message included) and commits it; the others wait for their answer. Alone,
 * a message is committed at once, as before.
 *
 * <p>A batch is sorted by thread so that two batches lock conversations in the same order. When a
 * batch fails (one bad message, a lost race on a new thread), it is rolled back and every message
 * in it goes again on its own, so one message's failure stays its own.
 */
final class GroupCommit {

    /** A safety net only: a waiting caller is woken whenever a committer lets go of its slot. */
    private static final long RECHECK_MILLIS = 100;

    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore committers;
    private final Object slotFreed = new Object();
    private final int maxBatch;
    private final Function<List<Pending>, List<IngestResult>> together;
    private final Function<Pending, IngestResult> alone;

    /**
     * @param together stores a batch in one transaction (all or nothing)
     * @param alone    stores one message in its own transaction, with its own replays
     */
    GroupCommit(int committers, int maxBatch, Function<List<Pending>, List<IngestResult>> together,
                Function<Pending, IngestResult> alone) {
        this.committers = new Semaphore(Math.max(1, committers));
        this.maxBatch = Math.max(1, maxBatch);
        this.together = together;
        this.alone = alone;
    }

    IngestResult ingest(InboundMessage message, String marketplace, MessageInsight insight) {
        Pending mine = new Pending(message, marketplace, insight, new CompletableFuture<>());
        waiting.add(mine);
        while (!mine.answer().isDone()) {
            boolean committer;
            synchronized (slotFreed) {
                committer = committers.tryAcquire();
                if (!committer && !mine.answer().isDone()) {
                    awaitQuietly();
                }
            }
            if (committer) {
                try {
                    commitWaiting();
                } finally {
                    committers.release();
                    // the callers answered by this batch, and one that may commit next, look again
                    synchronized (slotFreed) {
                        slotFreed.notifyAll();
                    }
                }
            }
        }
        try {
            return mine.answer().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while its message was being stored", e);
        }
    }

    /** Messages waiting for a committer (tests). */
    int waitingCount() {
        return waiting.size();
    }

    /** Commits what is waiting, one batch. */
    private void commitWaiting() {
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            batch.sort(Comparator.comparing((Pending p) -> p.message().channelId())
                    .thenComparing(p -> p.message().externalThreadId()));
            try {
                List<IngestResult> results = together.apply(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer().complete(results.get(i));
                }
                return;
            } catch (RuntimeException | Error spoiled) {
                // rolled back: each message below goes again on its own
            }
        }
        for (Pending p : batch) {
            try {
                p.answer().complete(alone.apply(p));
            } catch (RuntimeException | Error e) {
                p.answer().completeExceptionally(e);
            }
        }
    }

    /** Until a committer lets go of its slot (its callers are answered by then); called holding {@link #slotFreed}. */
    private void awaitQuietly() {
        try {
            slotFreed.wait(RECHECK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while its message was being stored", e);
        }
    }

    record Pending(InboundMessage message, String marketplace, MessageInsight insight, CompletableFuture<IngestResult> answer) {
    }
}
