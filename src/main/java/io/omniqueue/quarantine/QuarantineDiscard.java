package io.omniqueue.quarantine;

import java.time.Clock;
import org.springframework.stereotype.Service;

/** An operator's decision that an entry will never be ingested: it leaves the open list, with who and why. */
@Service
public class QuarantineDiscard {

    private final QuarantineStore store;
    private final Clock clock;

    QuarantineDiscard(QuarantineStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @return the entry, discarded
     * @throws QuarantineEntryNotFoundException when there is no such entry
     * @throws QuarantineEntryClosedException   when it was already ingested or discarded
     */
    public QuarantineEntry discard(long id, String by, String reason) {
        if (!store.discard(id, by, reason, clock.instant())) {
            QuarantineEntry entry = store.find(id).orElseThrow(() -> new QuarantineEntryNotFoundException(id));
            throw new QuarantineEntryClosedException(entry);
        }
        return store.find(id).orElseThrow();
    }
}
