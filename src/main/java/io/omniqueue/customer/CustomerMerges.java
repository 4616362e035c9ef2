package io.omniqueue.customer;

import io.omniqueue.customer.CustomerStore.CustomerRow;
import io.omniqueue.customer.CustomerStore.IdentityRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges two customers and undoes a merge. A merge records what the absorbed customer had (its
 * identities and conversations), so that the undo gives back exactly that; a conversation that
 * arrived after the merge goes back with the identity it came in through (an e-mail address of the
 * absorbed customer brings its new conversation back to it), the survivor keeps the rest.
 */
@Service
public class CustomerMerges {

    /** The actor of merges made by the linking itself, on hard evidence. */
    public static final String LINKING = "linking";
    static final String IDENTITY = "IDENTITY";
    static final String CONVERSATION = "CONVERSATION";

    private static final Logger log = LoggerFactory.getLogger(CustomerMerges.class);

    private final CustomerStore store;
    private final Clock clock;

    CustomerMerges(CustomerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Merges {@code otherId} into {@code customerId}. */
    @Transactional
    public MergeView merge(long customerId, long otherId, String actor) {
        if (customerId == otherId) {
            throw new CustomerConflictException("a customer can't be merged with itself");
        }
        List<CustomerRow> rows = store.lock(customerId, otherId);
        for (long id : new long[] {customerId, otherId}) {
            CustomerRow row = rows.stream().filter(r -> r.id() == id).findFirst()
                    .orElseThrow(() -> new CustomerNotFoundException("no customer " + id));
            if (row.erasedAt() != null) {
                throw new CustomerConflictException("customer " + id + " was erased");
            }
            if (row.mergedInto() != null) {
                throw new CustomerConflictException("customer " + id + " was merged into customer " + row.mergedInto());
            }
        }
        return mergeLocked(customerId, otherId, actor);
    }

    /** In the caller's transaction, both customers locked or just found by the linking. */
    MergeView mergeLocked(long survivorId, long absorbedId, String actor) {
        Instant now = clock.instant();
        long mergeId = store.insertMerge(survivorId, absorbedId, actor, now);
        List<Long> identities = store.identitiesOf(absorbedId).stream().map(IdentityRow::id).toList();
        List<Long> conversations = store.conversationsOf(absorbedId);
        store.insertMergeItems(mergeId, IDENTITY, identities);
        store.insertMergeItems(mergeId, CONVERSATION, conversations);
        store.moveIdentities(identities, survivorId);
        store.moveConversations(conversations, survivorId);
        store.setMergedInto(absorbedId, survivorId);
        boolean named = store.find(absorbedId).filter(a -> a.name() != null)
                .map(a -> store.nameIfUnnamed(survivorId, a.name(), a.nameKey())).orElse(false);
        if (named) {
            // The name it took is compared now rather than at its next message, which may never come.
            store.suggestSameName(survivorId, CustomerLinker.SAME_NAME, now);
        }
        store.decide(survivorId, absorbedId, "CONFIRMED", actor, now);
        log.info("Customer {} merged into customer {} by {} ({} identities, {} conversations)", absorbedId, survivorId, actor,
                identities.size(), conversations.size());
        return store.merge(mergeId).orElseThrow();
    }

    /**
     * Undoes a merge of {@code customerId} (either side). Refused (409) once undone, once either
     * customer was erased, or while the survivor is itself merged into a third (undo that first).
     * The pair is then remembered as rejected, so that its name never suggests it again.
     */
    @Transactional
    public MergeView undo(long customerId, long mergeId, String actor) {
        MergeView merge = store.merge(mergeId)
                .filter(m -> m.survivorId() == customerId || m.absorbedId() == customerId)
                .orElseThrow(() -> new CustomerNotFoundException("customer " + customerId + " has no merge " + mergeId));
        if (merge.undone()) {
            throw new CustomerConflictException("merge " + mergeId + " was already undone");
        }
        List<CustomerRow> rows = store.lock(merge.survivorId(), merge.absorbedId());
        for (CustomerRow row : rows) {
            if (row.erasedAt() != null) {
                throw new CustomerConflictException("customer " + row.id() + " was erased; its merge can't be undone");
            }
        }
        CustomerRow survivor = rows.stream().filter(r -> r.id() == merge.survivorId()).findFirst().orElseThrow();
        if (survivor.mergedInto() != null) {
            throw new CustomerConflictException("customer " + survivor.id() + " was merged into customer "
                    + survivor.mergedInto() + " since; undo that merge first");
        }
        Set<Long> survivorIdentities = new LinkedHashSet<>(store.identitiesOf(merge.survivorId()).stream().map(IdentityRow::id).toList());
        List<Long> identities = store.mergeItems(mergeId, IDENTITY).stream().filter(survivorIdentities::contains).toList();
        Set<Long> survivorConversations = new LinkedHashSet<>(store.conversationsOf(merge.survivorId()));
        List<Long> conversations = new ArrayList<>(store.mergeItems(mergeId, CONVERSATION).stream()
                .filter(survivorConversations::contains).toList());
        // Conversations that came in after the merge through the identities that go back, go back with them.
        store.conversationsVia(merge.survivorId(), identities).stream()
                .filter(c -> !conversations.contains(c)).forEach(conversations::add);
        store.moveIdentities(identities, merge.absorbedId());
        store.moveConversations(conversations, merge.absorbedId());
        store.setMergedInto(merge.absorbedId(), null);
        Instant now = clock.instant();
        store.markUndone(mergeId, actor, now);
        store.suggest(merge.survivorId(), merge.absorbedId(), "MERGE_UNDONE", now);
        store.decide(merge.survivorId(), merge.absorbedId(), "REJECTED", actor, now);
        // Back among the living: beside whoever took its name while it was merged, now rather than at its
        // next message, which may never come.
        store.suggestSameName(merge.absorbedId(), CustomerLinker.SAME_NAME, now);
        log.info("Merge {} of customer {} into customer {} undone by {} ({} identities, {} conversations back)", mergeId,
                merge.absorbedId(), merge.survivorId(), actor, identities.size(), conversations.size());
        return store.merge(mergeId).orElseThrow();
    }

    /** Confirms a suggestion: the two customers are one (the newer merged into the older). */
    @Transactional
    public MergeView confirm(long customerId, long suggestionId, String actor) {
        CustomerStore.SuggestionRow s = pending(customerId, suggestionId);
        return merge(s.lowId(), s.highId(), actor);
    }

    /** Rejects a suggestion: the pair is remembered and never suggested again. */
    @Transactional
    public void reject(long customerId, long suggestionId, String actor) {
        CustomerStore.SuggestionRow s = pending(customerId, suggestionId);
        store.decide(s.lowId(), s.highId(), "REJECTED", actor, clock.instant());
    }

    private CustomerStore.SuggestionRow pending(long customerId, long suggestionId) {
        CustomerStore.SuggestionRow s = store.suggestion(suggestionId)
                .filter(r -> r.lowId() == customerId || r.highId() == customerId)
                .orElseThrow(() -> new CustomerNotFoundException("customer " + customerId + " has no suggestion " + suggestionId));
        if (!"PENDING".equals(s.status())) {
            throw new CustomerConflictException("suggestion " + suggestionId + " was already decided: " + s.status());
        }
        return s;
    }
}
