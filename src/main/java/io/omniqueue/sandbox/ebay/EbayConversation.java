package io.omniqueue.sandbox.ebay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One simulated member conversation about a listing; immutable, messages oldest first. */
record EbayConversation(String conversationId, String buyer, String listingId, String title, List<EbayMessage> messages) {

    EbayConversation {
        messages = List.copyOf(messages);
    }

    EbayMessage latest() {
        return messages.get(messages.size() - 1);
    }

    Instant latestAt() {
        return latest().createdDate();
    }

    EbayConversation with(EbayMessage message) {
        List<EbayMessage> more = new ArrayList<>(messages);
        more.add(message);
        return new EbayConversation(conversationId, buyer, listingId, title, more);
    }

    /** What updateConversation {read: true} does: every message read. */
    EbayConversation read() {
        return new EbayConversation(conversationId, buyer, listingId, title,
                messages.stream().map(EbayMessage::markedRead).toList());
    }

    int unreadCount(String seller) {
        return (int) messages.stream().filter(m -> !m.read() && !m.senderUsername().equals(seller)).count();
    }
}
