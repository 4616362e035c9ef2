package io.omniqueue.sandbox.mirakl;

import java.time.Instant;
import java.util.List;

/** A message of a simulated thread as tests see it; {@code fromType} is Mirakl's sender type, e.g. CUSTOMER_USER. */
public record SimulatedMessage(String id, String fromType, String body, Instant at, List<String> attachmentNames) {

    public SimulatedMessage {
        attachmentNames = List.copyOf(attachmentNames);
    }
}
