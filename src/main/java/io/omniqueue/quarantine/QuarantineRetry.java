package io.omniqueue.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import java.time.Clock;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/**
 * Sends a quarantined payload through {@code direct:ingest} again, as stored or as corrected by
 * an operator. It stays in quarantine, with the new reason, when it still can't be ingested.
 */
@Service
public class QuarantineRetry {

    private final QuarantineStore store;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;

    QuarantineRetry(QuarantineStore store, ProducerTemplate producer, ObjectMapper json, Clock clock) {
        this.store = store;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    public List<QuarantineEntry> list(boolean includeResolved, int limit) {
        return store.list(includeResolved, limit);
    }

    /**
     * @param correctedPayload replaces the stored payload when not null
     * @return the entry after the attempt: resolved, or still open with the reason
     * @throws QuarantineEntryNotFoundException when there is no such entry
     */
    public QuarantineEntry retry(long id, JsonNode correctedPayload) {
        QuarantineEntry entry = store.find(id).orElseThrow(() -> new QuarantineEntryNotFoundException(id));
        if (entry.resolvedAt() != null) {
            return entry;
        }
        if (!Quarantine.INBOUND_MESSAGE_SOURCE.equals(entry.source())) {
            store.recordFailedRetry(id, entry.payload(), "no retry handler for source '" + entry.source() + "'", clock.instant());
            return store.find(id).orElseThrow();
        }
        String payload = correctedPayload == null ? entry.payload() : correctedPayload.toString();
        InboundMessage message;
        try {
            message = json.readValue(payload, InboundMessage.class);
        } catch (JsonProcessingException e) {
            store.recordFailedRetry(id, payload, "payload is not an inbound message: " + e.getOriginalMessage(), clock.instant());
            return store.find(id).orElseThrow();
        }
        IngestResult result = producer.requestBodyAndHeader("direct:ingest", message, Quarantine.RETRY_OF_HEADER, id,
                IngestResult.class);
        if (!result.isQuarantined()) {
            store.resolve(id, payload, (result.duplicate() ? "already stored in conversation " : "ingested into conversation ")
                    + result.conversationId(), clock.instant());
        }
        return store.find(id).orElseThrow();
    }
}
