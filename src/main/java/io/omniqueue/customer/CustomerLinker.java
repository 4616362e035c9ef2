package io.omniqueue.customer;

import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.StoredMessageListener;
import io.omniqueue.customer.CustomerStore.IdentityRow;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.stereotype.Component;

/**
 * Gives each stored message's conversation its customer, in the ingest's transaction. Only hard
 * evidence links: the source's customer id on that channel, the same e-mail address, the same order
 * (the thread's order, or an Amazon or Mirakl order number quoted by the customer). Evidence that
 * names two customers makes them one (a merge by {@value CustomerMerges#LINKING}, undoable). A
 * same name only makes a suggestion an agent decides.
 */
@Component
class CustomerLinker implements StoredMessageListener {

    static final String SAME_NAME = "SAME_NAME";
    /** Longer values than the column takes are no one's identity we could match anyway. */
    private static final int MAX_VALUE = 500;

    private final CustomerStore store;
    private final CustomerMerges merges;
    private final Clock clock;

    CustomerLinker(CustomerStore store, CustomerMerges merges, Clock clock) {
        this.store = store;
        this.merges = merges;
        this.clock = clock;
    }

    @Override
    public void stored(StoredMessage stored) {
        InboundMessage m = stored.message();
        boolean fromCustomer = m.authorRole() == AuthorRole.CUSTOMER;
        var linked = store.linkedCustomer(stored.conversationId());
        Long current = linked.map(CustomerStore.LinkedCustomer::id).orElse(null);
        SortedSet<IdentityKey> keys = evidence(m);
        if (current == null && keys.isEmpty() && !fromCustomer) {
            return; // a shop or system message with nothing that names the customer: the customer's own message will
        }
        Instant now = clock.instant();
        Long target = current;
        boolean created = false;
        if (target == null) {
            target = holder(keys);
            if (target != null) {
                // Wait for an erasure of that customer under way: a conversation linked to it now would keep its
                // data past the erasure. Once it committed, the customer is no one's (a new one is made), and
                // the identities are read again (a merge may have moved them meanwhile).
                boolean erased = store.lock(target, target).stream().anyMatch(row -> row.erasedAt() != null);
                target = erased ? null : holder(keys);
            }
        }
        if (target == null) {
            target = store.create(now);
            created = true;
        }
        // An identity may belong to another customer (evidence joining two). A new one is inserted, then read
        // again: another ingest may have claimed it between our read and our insert. Known ones (a thread's
        // follow-ups name the same customer again) are only read: an insert that conflicts costs more.
        Map<IdentityKey, IdentityRow> held = new TreeMap<>();
        for (IdentityKey key : keys) {
            var known = store.identity(key);
            if (known.isEmpty()) {
                store.insertIdentity(target, key, m.channelId(), now);
                known = store.identity(key);
            }
            known.ifPresent(row -> held.put(key, row));
        }
        long survivor = target;
        if (created && !held.isEmpty() && held.values().stream().noneMatch(row -> row.customerId() == survivor)) {
            long other = held.values().stream().mapToLong(IdentityRow::customerId).min().orElseThrow();
            if (store.lock(other, other).stream().anyMatch(row -> row.erasedAt() != null)) {
                // H2 can still show an identity whose customer's erasure committed a moment ago: the
                // insert of the identity for our new customer meets the erased entry in the unique index,
                // and the read after it returns the erased row. A conversation must never join an erased
                // customer; the replay, in a new transaction, no longer sees the identity.
                throw new CannotAcquireLockException("an identity still names customer " + other
                        + ", erased a moment ago; the ingest is replayed");
            }
            store.delete(target);
            target = other;
        }
        long into = target;
        new TreeSet<>(held.values().stream().map(IdentityRow::customerId).filter(id -> id != into).toList())
                .forEach(other -> absorb(into, other));
        if (current == null) {
            Long via = held.values().stream().findFirst().map(IdentityRow::id).orElse(null);
            store.link(stored.conversationId(), target, via, now);
        }
        if (fromCustomer && m.authorName() != null && !m.authorName().isBlank()) {
            var namedAlready = linked.filter(CustomerStore.LinkedCustomer::named);
            if (namedAlready.isPresent()) {
                // A follow-up to a named customer (the conversation's customer stays the target; a name is
                // set once, and merges keep a named survivor's): nothing to name, and its name known. Its
                // namesakes are still looked up: two customers named in concurrent transactions do not
                // see each other, and the next message of either suggests them.
                String key = namedAlready.get().nameKey();
                if (key != null) {
                    store.suggestSameName(target, key, SAME_NAME, now);
                }
            } else {
                String name = m.authorName().strip();
                store.nameIfUnnamed(target, name.length() > 300 ? name.substring(0, 300) : name, IdentityKey.nameKey(name));
                store.suggestSameName(target, SAME_NAME, now);
            }
        }
    }

    private Long holder(SortedSet<IdentityKey> keys) {
        return keys.stream().map(store::identity).flatMap(java.util.Optional::stream)
                .map(IdentityRow::customerId).min(Long::compare).orElse(null);
    }

    private void absorb(long survivor, long other) {
        var row = store.find(other).orElse(null);
        if (row != null && row.mergedInto() == null && row.erasedAt() == null) {
            merges.mergeLocked(survivor, other, CustomerMerges.LINKING);
        }
    }

    /** What in this message names its customer for certain, strongest kind first. */
    static SortedSet<IdentityKey> evidence(InboundMessage m) {
        SortedSet<IdentityKey> keys = new TreeSet<>();
        // The source's customer id and the thread's order name the thread's customer whoever wrote the message.
        if (m.customerRef() != null && !m.customerRef().isBlank()) {
            keys.add(IdentityKey.source(m.channelId(), m.customerRef()));
        }
        if (m.orderId() != null && !m.orderId().isBlank()) {
            keys.add(IdentityKey.order(m.orderId()));
        }
        if (m.authorRole() == AuthorRole.CUSTOMER) {
            if (m.authorEmail() != null && m.authorEmail().contains("@")) {
                keys.add(IdentityKey.email(m.authorEmail()));
            }
            OrderNumbers.quotedIn(m.subject(), m.body()).forEach(order -> keys.add(IdentityKey.order(order)));
        }
        keys.removeIf(k -> k.value().isEmpty() || k.value().length() > MAX_VALUE);
        return keys;
    }
}
