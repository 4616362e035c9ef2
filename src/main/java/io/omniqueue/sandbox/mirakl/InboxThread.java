package io.omniqueue.sandbox.mirakl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A thread about one order. Immutable: every change produces a new value, so a listing works on a consistent
 * snapshot while back-office actions and M12 calls keep changing the inbox.
 */
record InboxThread(String id, String orderId, Customer customer, Instant created, Instant updated,
                   List<StoredMessage> messages) {

    /** M11's order: most recently updated first, the id breaking ties so that seek paging is deterministic. */
    static final Comparator<InboxThread> LISTING_ORDER = Comparator
            .comparing(InboxThread::updated, Comparator.reverseOrder())
            .thenComparing(InboxThread::id);

    InboxThread {
        messages = List.copyOf(messages);
        created = MiraklDates.truncate(created);
        updated = MiraklDates.truncate(updated);
    }

    /**
     * Keeps messages oldest first even when a test seeds one with an earlier date; date_updated never goes back,
     * because a poller relying on updated_since would otherwise lose the change.
     */
    InboxThread withMessage(StoredMessage message) {
        List<StoredMessage> all = new ArrayList<>(messages);
        int index = all.size();
        while (index > 0 && all.get(index - 1).at().isAfter(message.at())) {
            index--;
        }
        all.add(index, message);
        Instant newUpdated = message.at().isAfter(updated) ? message.at() : updated;
        return new InboxThread(id, orderId, customer, created, newUpdated, all);
    }

    InboxThread withAttachmentOnLastMessage(StoredAttachment attachment) {
        if (messages.isEmpty()) {
            throw new IllegalStateException("Thread " + id + " has no message to attach a file to");
        }
        List<StoredMessage> all = new ArrayList<>(messages);
        int last = all.size() - 1;
        all.set(last, all.get(last).withAttachment(attachment));
        return new InboxThread(id, orderId, customer, created, updated, all);
    }

    StoredMessage lastMessage() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    List<StoredMessage> lastMessages(int count) {
        return messages.subList(Math.max(0, messages.size() - count), messages.size());
    }

    /** The oldest customer message the shop has not answered yet, or null once the shop has replied. */
    Instant shopReplyNeededSince() {
        Instant oldestUnanswered = null;
        for (int i = messages.size() - 1; i >= 0; i--) {
            StoredMessage message = messages.get(i);
            if (message.from() == SenderType.SHOP_USER) {
                break;
            }
            if (message.from() == SenderType.CUSTOMER_USER) {
                oldestUnanswered = message.at();
            }
        }
        return oldestUnanswered;
    }
}
