package io.omniqueue.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/**
 * Sends a quarantined payload through {@code direct:ingest} again, as an operator asks. Every retry
 * is kept with the correction it tried and its outcome; the entry's original payload is never
 * replaced, so a correction that makes things worse loses nothing.
 */
@Service
public class QuarantineRetry {

    private final QuarantineStore store;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;
    private final QuarantineReplayers replayers;
    private final QuarantineSettings settings;

    QuarantineRetry(QuarantineStore store, ProducerTemplate producer, ObjectMapper json, Clock clock,
                    QuarantineReplayers replayers, QuarantineSettings settings) {
        this.store = store;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
        this.replayers = replayers;
        this.settings = settings;
    }

    /**
     * Retries an open entry. The payload sent is {@code correctedPayload} when given; otherwise the
     * latest correction an earlier retry tried, when there is one (an operator who fixed the payload
     * and then fixed the configuration only has to click "retry"); otherwise the original payload.
     *
     * @param correctedPayload a JSON object, or for a source that reads raw text (a mail) a JSON
     *                         string; null for none. Kept as a new correction, whatever the outcome.
     * @param by               who asked, recorded with the retry
     * @return the entry after the attempt: resolved, or still open with the refusal as its last retry
     * @throws QuarantineEntryNotFoundException when there is no such entry
     * @throws QuarantineEntryClosedException   when it was already ingested or discarded
     * @throws InvalidCorrectionException       when the correction has the wrong shape; nothing is stored
     * @throws CorrectionTooLargeException      when the correction is over the limit; nothing is stored
     */
    public QuarantineEntry retry(long id, JsonNode correctedPayload, String by) {
        QuarantineEntry entry = store.find(id).orElseThrow(() -> new QuarantineEntryNotFoundException(id));
        if (entry.status() != QuarantineEntry.Status.OPEN) {
            throw new QuarantineEntryClosedException(entry);
        }
        boolean readsText = replayerOf(entry).map(QuarantineReplayer::readsText).orElse(false);
        Correction correction = Correction.of(correctedPayload, readsText, settings.maxCorrectionBytes());
        // Without a new correction, the latest one tried is sent again: the original never changes.
        QuarantineStore.StoredCorrection earlier = correction == null ? store.latestCorrection(id).orElse(null) : null;
        String payload = correction != null ? correction.text()
                : earlier != null ? earlier.correction().text() : entry.payload();
        Tried tried = attempt(entry, payload);
        store.recordRetry(id, clock.instant(), by, correction, earlier == null ? null : earlier.retryId(),
                tried.outcome(), tried.detail());
        return store.find(id).orElseThrow();
    }

    private Tried attempt(QuarantineEntry entry, String payload) {
        List<InboundMessage> messages;
        try {
            messages = messagesOf(entry, payload);
        } catch (RuntimeException unreadable) {
            return new Tried(RetryAttempt.Outcome.REFUSED, "still unreadable: " + unreadable.getMessage());
        }
        Long conversationId = null;
        for (InboundMessage message : messages) {
            Exchange done = producer.send("direct:ingest", exchange -> {
                exchange.getMessage().setBody(message);
                exchange.getMessage().setHeader(Quarantine.RETRY_OF_HEADER, entry.id());
            });
            if (done.getException() != null) {
                throw CamelExecutionException.wrapCamelExecutionException(done, done.getException());
            }
            IngestResult result = done.getMessage().getBody(IngestResult.class);
            if (result.isQuarantined()) {
                // The route's error handling handed the message back unstored; the cause stays on the exchange.
                return new Tried(RetryAttempt.Outcome.REFUSED,
                        Quarantine.reason(done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
            }
            conversationId = result.conversationId();
        }
        return new Tried(RetryAttempt.Outcome.INGESTED,
                conversationId == null ? "nothing to ingest" : "ingested into conversation " + conversationId);
    }

    private List<InboundMessage> messagesOf(QuarantineEntry entry, String payload) {
        if (Quarantine.INBOUND_MESSAGE_SOURCE.equals(entry.source())) {
            try {
                return List.of(json.readValue(payload, InboundMessage.class));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("payload is not an inbound message: " + e.getOriginalMessage(), e);
            }
        }
        return replayerOf(entry)
                .orElseThrow(() -> new IllegalStateException("no retry handler for source '" + entry.source() + "'"))
                .replay(entry.channelId(), payload);
    }

    private Optional<QuarantineReplayer> replayerOf(QuarantineEntry entry) {
        return replayers.of(entry.source());
    }

    private record Tried(RetryAttempt.Outcome outcome, String detail) {
    }
}
