package io.omniqueue.sandbox.ebay;

import java.time.Instant;

/** A message of the simulated eBay inbox, as tests inspect it. */
public record EbayMessage(String messageId, String senderUsername, String recipientUsername, String text, Instant createdDate,
                          boolean read) {

    EbayMessage markedRead() {
        return new EbayMessage(messageId, senderUsername, recipientUsername, text, createdDate, true);
    }
}
