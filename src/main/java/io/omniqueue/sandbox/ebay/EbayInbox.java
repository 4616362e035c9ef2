package io.omniqueue.sandbox.ebay;

import io.omniqueue.sandbox.SeedLock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** The simulated seller's member conversations. Safe for concurrent HTTP calls and seeding. */
final class EbayInbox {

    private final ConcurrentHashMap<String, EbayConversation> conversations = new ConcurrentHashMap<>();
    // eBay's ids are numeric strings.
    private final AtomicLong conversationIds = new AtomicLong(125_432_475_300L);
    private final AtomicLong messageIds = new AtomicLong(6_275_165_199_000L);
    private final SeedLock seeding = new SeedLock();

    String nextMessageId() {
        return String.valueOf(messageIds.incrementAndGet());
    }

    String open(String buyer, String listingId, String title, EbayMessage first) {
        String id = String.valueOf(conversationIds.incrementAndGet());
        conversations.put(id, new EbayConversation(id, buyer, listingId, title, List.of(first)));
        return id;
    }

    void update(String conversationId, UnaryOperator<EbayConversation> change) {
        if (conversations.computeIfPresent(conversationId, (id, c) -> change.apply(c)) == null) {
            throw new IllegalArgumentException("No simulated eBay conversation " + conversationId);
        }
    }

    Optional<EbayConversation> find(String conversationId) {
        return Optional.ofNullable(conversations.get(conversationId));
    }

    /** Newest activity first, as eBay's inbox lists them [U]. */
    List<EbayConversation> newestFirst() {
        return seeding.listing(() -> conversations.values().stream()
                .sorted(Comparator.comparing(EbayConversation::latestAt).reversed()
                        .thenComparing(EbayConversation::conversationId, Comparator.reverseOrder()))
                .toList());
    }

    /** Runs {@code opening} (conversations opened one by one) so that a listing sees all of them or none. */
    void together(Runnable opening) {
        seeding.seed(opening);
    }

    int size() {
        return conversations.size();
    }
}
