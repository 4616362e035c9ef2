package io.omniqueue.sandbox.mirakl;

import io.omniqueue.sandbox.SeedLock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The simulated inbox: threads and the attachments M13 serves. Safe for concurrent HTTP calls and seeding. */
final class InboxState {

    private final ConcurrentHashMap<String, InboxThread> threads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StoredAttachment> attachments = new ConcurrentHashMap<>();
    private final SeedLock seeding = new SeedLock();

    String openThread(String orderId, Customer customer, StoredMessage first) {
        String id = UUID.randomUUID().toString();
        threads.put(id, new InboxThread(id, orderId, customer, first.at(), first.at(), List.of(first)));
        return id;
    }

    /** Appends atomically; {@code maxMessages} is checked inside the same update so that racing replies cannot pass it. */
    String append(String threadId, StoredMessage message, int maxMessages) {
        update(threadId, thread -> {
            if (thread.messages().size() >= maxMessages) {
                throw new ThreadFullException(threadId, maxMessages);
            }
            return thread.withMessage(message);
        });
        message.attachments().forEach(attachment -> attachments.put(attachment.id(), attachment));
        return message.id();
    }

    String append(String threadId, StoredMessage message) {
        return append(threadId, message, Integer.MAX_VALUE);
    }

    String attachToLastMessage(String threadId, String name, byte[] content) {
        StoredAttachment attachment = new StoredAttachment(UUID.randomUUID().toString(), name, content);
        update(threadId, thread -> thread.withAttachmentOnLastMessage(attachment));
        attachments.put(attachment.id(), attachment);
        return attachment.id();
    }

    Optional<InboxThread> find(String threadId) {
        return Optional.ofNullable(threads.get(threadId));
    }

    InboxThread get(String threadId) {
        return find(threadId).orElseThrow(() -> unknown(threadId));
    }

    Optional<StoredAttachment> attachment(String attachmentId) {
        return Optional.ofNullable(attachments.get(attachmentId));
    }

    Collection<InboxThread> snapshot() {
        return seeding.listing(() -> List.copyOf(threads.values()));
    }

    /** Runs {@code opening} (threads opened one by one) so that a listing sees all of its threads or none. */
    void together(Runnable opening) {
        seeding.seed(opening);
    }

    int size() {
        return threads.size();
    }

    private void update(String threadId, UnaryOperator<InboxThread> change) {
        InboxThread updated = threads.computeIfPresent(threadId, (id, thread) -> change.apply(thread));
        if (updated == null) {
            throw unknown(threadId);
        }
    }

    private static IllegalArgumentException unknown(String threadId) {
        return new IllegalArgumentException("No simulated Mirakl thread with id " + threadId);
    }

    /** Mirakl refuses messages beyond a per-thread maximum. */
    static final class ThreadFullException extends RuntimeException {
        ThreadFullException(String threadId, int maxMessages) {
            super("Thread " + threadId + " already has the maximum of " + maxMessages + " messages");
        }
    }
}
