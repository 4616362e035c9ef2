package io.omniqueue.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void messagesArrivingWhileACommitRunsShareTheNextTransactionAndAreAnsweredOnlyAfterIt() throws Exception {
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        List<List<String>> transactions = new CopyOnWriteArrayList<>();
        AtomicInteger ids = new AtomicInteger();
        GroupCommit commits = new GroupCommit(1, 64, batch -> {
            transactions.add(batch.stream().map(p -> p.message().externalMessageId()).toList());
            return batch.stream().map(p -> IngestResult.stored(1, ids.incrementAndGet())).toList();
        }, alone -> {
            transactions.add(List.of(alone.message().externalMessageId()));
            awaitQuietly(firstCommitMayEnd);
            return IngestResult.stored(1, ids.incrementAndGet());
        });

        Future<IngestResult> first = callers.submit(() -> commits.ingest(message("first"), "shop", null));
        await().until(() -> transactions.size() == 1);
        List<Future<IngestResult>> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "next-" + i;
            next.add(callers.submit(() -> commits.ingest(message(id), "shop", null)));
        }
        // They wait for the running commit, unanswered.
        await().until(() -> commits.waitingCount() == 5);
        assertThat(next).noneMatch(Future::isDone);
        firstCommitMayEnd.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).messageId()).isEqualTo(1);
        for (Future<IngestResult> f : next) {
            assertThat(f.get(5, TimeUnit.SECONDS).messageId()).isNotNull();
        }
        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(1)).containsExactlyInAnyOrder("next-0", "next-1", "next-2", "next-3", "next-4");
    }

    @Test
    void aMessageThatSpoilsItsBatchFailsAloneAndTheOthersAreStoredOneByOne() throws Exception {
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        AtomicInteger together = new AtomicInteger();
        GroupCommit commits = new GroupCommit(1, 64, batch -> {
            together.incrementAndGet();
            throw new IllegalStateException("a bad message rolls the batch back");
        }, alone -> {
            awaitQuietly(firstCommitMayEnd);
            if (alone.message().externalMessageId().equals("bad")) {
                throw new InvalidInboundMessageException("bad is bad");
            }
            return IngestResult.stored(1, 7);
        });

        Future<IngestResult> first = callers.submit(() -> commits.ingest(message("first"), "shop", null));
        Future<IngestResult> good = callers.submit(() -> commits.ingest(message("good"), "shop", null));
        Future<IngestResult> bad = callers.submit(() -> commits.ingest(message("bad"), "shop", null));
        await().until(() -> commits.waitingCount() == 2);
        firstCommitMayEnd.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).messageId()).isEqualTo(7);
        assertThat(good.get(5, TimeUnit.SECONDS).messageId()).isEqualTo(7);
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidInboundMessageException.class);
        assertThat(together).hasValue(1);
    }

    @Test
    void aLoneMessageIsCommittedAtOnceInItsOwnTransaction() {
        List<String> alone = new CopyOnWriteArrayList<>();
        GroupCommit commits = new GroupCommit(4, 64, batch -> {
            throw new AssertionError("no batch for a lone message");
        }, p -> {
            alone.add(p.message().externalMessageId());
            return IngestResult.duplicateOf(3);
        });

        assertThat(commits.ingest(message("only"), "shop", null).duplicate()).isTrue();
        assertThat(alone).containsExactly("only");
    }

    private static InboundMessage message(String id) {
        return InboundMessage.fromCustomer("web-shop", "thread-" + id, id, "Ana", "ana@example.com", "Question", "Hello",
                Instant.parse("2026-01-05T10:00:00Z"), null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
