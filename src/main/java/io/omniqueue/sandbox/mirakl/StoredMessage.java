package io.omniqueue.sandbox.mirakl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One message of a thread, immutable so that a thread snapshot can be rendered without holding any lock. */
record StoredMessage(String id, SenderType from, String body, Instant at, List<Party> to,
                     List<StoredAttachment> attachments) {

    StoredMessage {
        to = List.copyOf(to);
        attachments = List.copyOf(attachments);
        // Mirakl dates carry milliseconds only; truncating here keeps page tokens and rendered dates consistent.
        at = MiraklDates.truncate(at);
    }

    static StoredMessage create(SenderType from, String body, Instant at, List<Party> to,
                                List<StoredAttachment> attachments) {
        return new StoredMessage(UUID.randomUUID().toString(), from, body, at, to, attachments);
    }

    StoredMessage withAttachment(StoredAttachment attachment) {
        List<StoredAttachment> all = new ArrayList<>(attachments);
        all.add(attachment);
        return new StoredMessage(id, from, body, at, to, all);
    }

    SimulatedMessage toSimulated() {
        return new SimulatedMessage(id, from.name(), body, at,
                attachments.stream().map(StoredAttachment::name).toList());
    }
}
