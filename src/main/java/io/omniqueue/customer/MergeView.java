package io.omniqueue.customer;

import java.time.Instant;

/** A merge of {@code absorbedId} into {@code survivorId}; {@code mergedBy} is an agent, or {@code linking} when hard evidence did it. */
public record MergeView(long id, long survivorId, long absorbedId, String mergedBy, Instant mergedAt, String undoneBy,
                        Instant undoneAt) {

    public boolean undone() {
        return undoneAt != null;
    }
}
