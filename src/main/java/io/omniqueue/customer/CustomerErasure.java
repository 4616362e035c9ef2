package io.omniqueue.customer;

import io.omniqueue.conversation.ConversationErasure;
import io.omniqueue.customer.ErasureRecord.Trigger;
import io.omniqueue.reply.ReplyErasure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
    private final Clock clock;

    CustomerErasure(CustomerStore store, ConversationErasure conversations, ReplyErasure replies, Clock clock) {
        this.store = store;
        this.conversations = conversations;
        this.replies = replies;
        this.clock = clock;
    }

    /** Erases everything about the customer; asked by {@code actor}. Erasing an erased customer is refused (409). */
    @Transactional
    public ErasureRecord erase(long customerId, String actor) {
        CustomerStore.CustomerRow row = store.lock(customerId, customerId).stream().findFirst()
                .orElseThrow(() -> new CustomerNotFoundException("no customer " + customerId));
        if (row.mergedInto() != null) {
            throw new CustomerConflictException("customer " + customerId + " was merged into customer " + row.mergedInto()
                    + "; erase that one");
        }
        if (row.erasedAt() != null) {
            throw new CustomerConflictException("customer " + customerId + " was already erased");
        }
        Instant now = clock.instant();
        int messages = 0;
        int attachments = 0;
        int cancelled = 0;
        List<Long> threads = store.conversationsOf(customerId); // in id order: the order every eraser locks them in
        for (long conversationId : threads) {
            cancelled += replies.erase(conversationId);
            ConversationErasure.Erased erased = conversations.erase(conversationId);
            messages += erased.messages();
            attachments += erased.attachments();
        }
        forget(customerId, now);
        ErasureRecord record = new ErasureRecord(customerId, null, Trigger.REQUEST, actor, now, threads.size(), messages,
                attachments, cancelled);
        store.logErasure(record);
        log.info("Customer {} erased on request of {}: {} conversations, {} messages, {} attachments, {} replies cancelled",
                customerId, actor, threads.size(), messages, attachments, cancelled);
        return record;
    }

    /**
     * Erases one conversation whose retention ran out; once none of its customer's conversations
     * holds anything, the customer is forgotten too.
     */
    @Transactional
    public ErasureRecord eraseForRetention(long conversationId, String rule) {
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
        return record;
    }

    /** The customer and every customer merged into it lose their names, identities and suggestions. */
    private void forget(long customerId, Instant now) {
        Deque<Long> todo = new ArrayDeque<>(List.of(customerId));
        while (!todo.isEmpty()) {
            long id = todo.pop();
            store.deleteIdentitiesOf(id);
            store.deleteSuggestionsOf(id);
            store.erase(id, now);
            todo.addAll(store.mergedInto(id));
        }
    }
}
