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
    private final List<QuarantineReplayer> replayers;

    QuarantineRetry(QuarantineStore store, ProducerTemplate producer, ObjectMapper json, Clock clock,
                    List<QuarantineReplayer> replayers) {
        this.replayers = replayers;
        this.store = store;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    private List<InboundMessage> messagesOf(QuarantineEntry entry, String payload) {
        if (Quarantine.INBOUND_MESSAGE_SOURCE.equals(entry.source())) {
            try {
                return List.of(json.readValue(payload, InboundMessage.class));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("payload is not an inbound message: " + e.getOriginalMessage(), e);
            }
        }
        QuarantineReplayer replayer = replayers.stream().filter(r -> r.source().equals(entry.source())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no retry handler for source '" + entry.source() + "'"));
        return replayer.replay(entry.channelId(), payload);
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
        String payload = correctedPayload == null ? entry.payload()
                : correctedPayload.isTextual() ? correctedPayload.asText() : correctedPayload.toString();
        List<InboundMessage> messages;
        try {
            messages = messagesOf(entry, payload);
        } catch (RuntimeException unreadable) {
            store.recordFailedRetry(id, payload, "still unreadable: " + unreadable.getMessage(), clock.instant());
            return store.find(id).orElseThrow();
        }
        Long conversationId = null;
        for (InboundMessage message : messages) {
            IngestResult result = producer.requestBodyAndHeader("direct:ingest", message, Quarantine.RETRY_OF_HEADER, id,
                    IngestResult.class);
            if (result.isQuarantined()) {
                return store.find(id).orElseThrow();
            }
            conversationId = result.conversationId();
        }
        store.resolve(id, payload, conversationId == null ? "nothing to ingest" : "ingested into conversation " + conversationId,
                clock.instant());
        return store.find(id).orElseThrow();
    }
}
