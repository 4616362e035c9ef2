package io.omniqueue.conversation;

import io.omniqueue.channel.PollingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Stores one page of a poller's messages through {@code direct:ingest} and returns once every one
 * of them is stored, quarantined or recognised as a duplicate, so that the poller moves its cursor
 * only after the whole page. The page's threads go in at once, so that the ingest's group commit
 * stores them in a few shared transactions instead of one commit per message on the poll thread;
 * the messages of one thread go one after the other, in the page's order, so that a thread's first
 * message opens its conversation and the next ones follow it. A message the ingest quarantines
 * (its error handler) never stops the others; a failure the ingest throws (the database away)
 * is thrown here once the rest of the page has been tried, and the cursor stays where it was.
 * It lives with the ingest (not in {@code channel}, which the ingest depends on); every
 * marketplace poller uses it.
 */
@Component
public class PageIngest implements DisposableBean {

    private static final String INGEST = "direct:ingest";

    private final ProducerTemplate producer;
    private final ExecutorService ingesters;

    PageIngest(ProducerTemplate producer, PollingSettings settings) {
        this.producer = producer;
        // Shared by every channel's poller: they wait on the ingest's transactions, not on the CPU.
        this.ingesters = Executors.newFixedThreadPool(Math.max(1, settings.ingestConcurrency()),
                new CustomizableThreadFactory("page-ingest-"));
    }

    /** Stores the messages (several threads, each thread's in its order); answers in the same order. */
    public List<IngestResult> store(List<InboundMessage> page) {
        Map<ThreadKey, List<Integer>> byThread = new LinkedHashMap<>();
        for (int i = 0; i < page.size(); i++) {
            InboundMessage message = page.get(i);
            byThread.computeIfAbsent(new ThreadKey(message.channelId(), message.externalThreadId()), k -> new ArrayList<>())
                    .add(i);
        }
        IngestResult[] results = new IngestResult[page.size()];
        if (byThread.size() <= 1) {
            // Nothing to share a transaction with: no hand-over to another thread.
            for (int i = 0; i < page.size(); i++) {
                results[i] = producer.requestBody(INGEST, page.get(i), IngestResult.class);
            }
            return Collections.unmodifiableList(Arrays.asList(results));
        }
        List<Future<?>> threads = new ArrayList<>(byThread.size());
        for (List<Integer> positions : byThread.values()) {
            threads.add(ingesters.submit(() -> {
                for (int i : positions) {
                    results[i] = producer.requestBody(INGEST, page.get(i), IngestResult.class);
                }
            }));
        }
        awaitAll(threads);
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    /**
     * Reads each item a source listed on a page (a call to the source each, or none) and stores the
     * page's messages together. When a read fails half-way (a 429, a timeout, a spent daily budget),
     * what was read before it is stored anyway, since those answers (and the source's quota) are
     * spent, and then the failure is thrown: the caller's cursor stays where it was, so the next run
     * reads the page again and recognises those messages as duplicates.
     */
    public <T> void readAndStore(Iterable<T> listed, Function<T, List<InboundMessage>> read) {
        List<InboundMessage> messages = new ArrayList<>();
        try {
            for (T item : listed) {
                messages.addAll(read.apply(item));
            }
        } catch (RuntimeException failedCall) {
            try {
                store(messages);
            } catch (RuntimeException storing) {
                failedCall.addSuppressed(storing);
            }
            throw failedCall;
        }
        store(messages);
    }

    /** Waits for every thread of the page, then throws the first failure (the others added to it). */
    private static void awaitAll(List<Future<?>> threads) {
        RuntimeException failure = null;
        for (Future<?> thread : threads) {
            try {
                thread.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("storing a page's messages failed", e.getCause());
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Not cancel(true): an interrupt inside an H2 transaction can close its file channel.
                threads.forEach(t -> t.cancel(false));
                throw new IllegalStateException("interrupted while the page's messages were being stored", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        // No interrupts (an interrupt inside an H2 transaction can close its file channel): pages under
        // way get a moment to finish; a page cut short keeps its cursor and is read again.
        ingesters.shutdown();
        if (!ingesters.awaitTermination(10, TimeUnit.SECONDS)) {
            // Queued parts of a page are cancelled so that a poll waiting for them is not left waiting forever.
            ingesters.shutdownNow().forEach(task -> {
                if (task instanceof Future<?> future) {
                    future.cancel(false);
                }
            });
        }
    }

    private record ThreadKey(String channelId, String externalThreadId) {
    }
}
