package io.omniqueue.customer;

import io.omniqueue.conversation.ConversationLock;
import io.omniqueue.conversation.CustomerlessConversations;
import io.omniqueue.conversation.CustomerlessConversations.Customerless;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.StoredMessageListener.StoredMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the conversations stored before customers existed their customer, by the same hard
 * evidence the ingest uses (what their rows kept: the customer's e-mail address and the order),
 * at start-up, before the routes run. Idempotent: a linked conversation is never read again, so
 * after the first start there is nothing to do. Another node starting at the same time takes
 * each conversation's lock in turn, and finds it linked.
 */
@Component
public class CustomerBackfill implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(CustomerBackfill.class);
    private static final int BATCH = 200;

    private final CustomerlessConversations customerless;
    private final CustomerLinker linker;
    private final ConversationLock lock;
    private final TransactionTemplate tx;

    CustomerBackfill(CustomerlessConversations customerless, CustomerLinker linker, ConversationLock lock,
                     TransactionTemplate tx) {
        this.customerless = customerless;
        this.linker = linker;
        this.lock = lock;
        this.tx = tx;
    }

    @Override
    public void afterPropertiesSet() {
        linkAll();
    }

    /** @return how many conversations were given a customer */
    public int linkAll() {
        int linked = 0;
        long after = 0;
        List<Customerless> batch;
        do {
            batch = customerless.after(after, BATCH);
            for (Customerless c : batch) {
                after = c.conversationId();
                try {
                    tx.executeWithoutResult(status -> {
                        lock.acquire(c.conversationId());
                        InboundMessage as = InboundMessage.fromCustomer(c.channelId(), "", "", c.customerName(),
                                c.customerEmail(), null, null, c.createdAt(), c.orderId());
                        linker.stored(new StoredMessage(c.conversationId(), 0, as));
                    });
                    linked++;
                } catch (ConcurrencyFailureException e) {
                    // Another node links the same people at the same moment; whatever it leaves, the next start does.
                    log.warn("Conversation {}: customer not linked this time: {}", c.conversationId(), e.getMessage());
                }
            }
        } while (batch.size() == BATCH);
        if (linked > 0) {
            log.info("{} conversations stored before customers were linked to their customers", linked);
        }
        return linked;
    }
}
