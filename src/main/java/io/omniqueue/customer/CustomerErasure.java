package io.omniqueue.customer;

import io.omniqueue.conversation.ConversationErasure;
import io.omniqueue.conversation.ConversationLock;
import io.omniqueue.quarantine.QuarantineErasure;
import io.omniqueue.customer.ErasureRecord.Trigger;
import io.omniqueue.reply.ReplyErasure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erases a person's data (GDPR): the conversation feature blanks each conversation (texts, names,
 * addresses, files), the outbox cancels what still waits to be sent, and the customer loses its
 * name and every identity, so nothing can link to it again (a new message from the same address
 * makes a new customer). Times, states and counts stay, so the SLA report does not move. Each
 * erasure is logged, in customer_erasure and in the log, with counts only.
 */
@Service
public class CustomerErasure {

    private static final Logger log = LoggerFactory.getLogger(CustomerErasure.class);

    private final CustomerStore store;
    private final ConversationErasure conversations;
    private final ReplyErasure replies;
    private final ConversationLock lock;
    private final Clock clock;
    private final QuarantineErasure quarantine;

    CustomerErasure(CustomerStore store, ConversationErasure conversations, ReplyErasure replies, ConversationLock lock,
                    Clock clock, QuarantineErasure quarantine) {
        this.quarantine = quarantine;
        this.store = store;
        this.conversations = conversations;
        this.replies = replies;
        this.lock = lock;
        this.clock = clock;
    }

    /**
     * Erases everything about the customer; asked by {@code actor}. Erasing an erased customer is refused (409).
     * Each conversation is locked before anything of it is written (the outbox's part included), as
     * every writer does; the customer row after them, so that a link being made right now by an
     * ingest (which locks the customer it joins) is either seen here and erased too, or made after
     * this commit, when the identities it would join through are gone.
     */
    @Transactional
    public ErasureRecord erase(long customerId, String actor) {
        refuseUnlessErasable(store.find(customerId).orElseThrow(() -> new CustomerNotFoundException("no customer " + customerId)));
        Instant now = clock.instant();
        Counts counts = new Counts();
        eraseAll(store.conversationsOf(customerId), counts); // in id order: the order every eraser locks them in
        refuseUnlessErasable(store.lock(customerId, customerId).stream().findFirst()
                .orElseThrow(() -> new CustomerNotFoundException("no customer " + customerId)));
        // Linked by an ingest that committed before we held the customer: erased too.
        eraseAll(store.conversationsOf(customerId).stream().filter(id -> !counts.done.contains(id)).toList(), counts);
        int quarantined = quarantine.eraseMentioning(forget(customerId, now), now);
        ErasureRecord record = new ErasureRecord(customerId, null, Trigger.REQUEST, actor, now, counts.done.size(),
                counts.messages, counts.attachments, counts.cancelled);
        store.logErasure(record);
        log.info("Customer {} erased on request of {}: {} conversations, {} messages, {} attachments, {} replies cancelled, "
                        + "{} quarantine entries emptied", customerId, actor, counts.done.size(), counts.messages,
                counts.attachments, counts.cancelled, quarantined);
        return record;
    }

    private void eraseAll(List<Long> conversationIds, Counts counts) {
        for (long conversationId : conversationIds) {
            lock.acquire(conversationId);
            counts.cancelled += replies.erase(conversationId);
            ConversationErasure.Erased erased = conversations.erase(conversationId);
            counts.messages += erased.messages();
            counts.attachments += erased.attachments();
            counts.done.add(conversationId);
        }
    }

    private static final class Counts {
        final Set<Long> done = new TreeSet<>();
        int messages;
        int attachments;
        int cancelled;
    }

    private static void refuseUnlessErasable(CustomerStore.CustomerRow row) {
        if (row.mergedInto() != null) {
            throw new CustomerConflictException("customer " + row.id() + " was merged into customer " + row.mergedInto()
                    + "; erase that one");
        }
        if (row.erasedAt() != null) {
            throw new CustomerConflictException("customer " + row.id() + " was already erased");
        }
    }

    /**
     * Erases one conversation whose retention ran out; once none of its customer's conversations
     * holds anything, the customer is forgotten too. Nothing is erased (empty) when, once locked, the
     * conversation is no longer idle since {@code idleBefore}: a customer message that came after the
     * retention run chose it waits for an answer and must be kept.
     */
    @Transactional
    public Optional<ErasureRecord> eraseForRetention(long conversationId, Instant idleBefore, String rule) {
        lock.acquire(conversationId);
        if (!conversations.idleSince(conversationId, idleBefore)) {
            log.info("Conversation {} not erased by retention {}: it changed since the run chose it", conversationId, rule);
            return Optional.empty();
        }
        Instant now = clock.instant();
        int cancelled = replies.erase(conversationId);
        ConversationErasure.Erased erased = conversations.erase(conversationId);
        Long customerId = store.customerOf(conversationId).orElse(null);
        if (customerId != null && store.conversationsOf(customerId).stream().allMatch(conversations::isErased)) {
            forget(customerId, now);
        }
        ErasureRecord record = new ErasureRecord(customerId, conversationId, Trigger.RETENTION, "retention " + rule, now, 1,
                erased.messages(), erased.attachments(), cancelled);
        store.logErasure(record);
        log.info("Conversation {} of customer {} erased by retention {}: {} messages, {} attachments, {} replies cancelled",
                conversationId, customerId, rule, erased.messages(), erased.attachments(), cancelled);
        return Optional.of(record);
    }

    /** The customer and every customer merged into it lose their names, identities and suggestions. */
    /** @return the identifiers the customer (and those merged into it) had, now forgotten */
    private List<String> forget(long customerId, Instant now) {
        List<String> identifiers = new java.util.ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(customerId));
        while (!todo.isEmpty()) {
            long id = todo.pop();
            store.identitiesOf(id).forEach(identity -> identifiers.add(identity.key().value()));
            store.deleteIdentitiesOf(id);
            store.deleteSuggestionsOf(id);
            store.erase(id, now);
            todo.addAll(store.mergedInto(id));
        }
        return identifiers;
    }
}
