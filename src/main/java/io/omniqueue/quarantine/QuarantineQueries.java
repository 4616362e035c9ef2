package io.omniqueue.quarantine;

import java.util.List;
import org.springframework.stereotype.Service;

/** What is in quarantine, each entry with its retries. */
@Service
public class QuarantineQueries {

    private final QuarantineStore store;

    QuarantineQueries(QuarantineStore store) {
        this.store = store;
    }

    /** Newest first; open entries only unless resolved or discarded ones are asked for too. */
    public List<QuarantineEntry> list(boolean includeResolved, boolean includeDiscarded, int limit) {
        return store.list(includeResolved, includeDiscarded, limit);
    }

    /** @throws QuarantineEntryNotFoundException when there is no such entry */
    public QuarantineEntry find(long id) {
        return store.find(id).orElseThrow(() -> new QuarantineEntryNotFoundException(id));
    }
}
