package io.omniqueue.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bean the error handling of {@code direct:ingest} hands a message it could not store: the
 * message is kept with the reason and the exchange goes on, so nothing behind it is blocked.
 */
@Component("quarantine")
public class Quarantine {

    /**
     * Set by a retry: the failure belongs to that entry, and {@link QuarantineRetry} records it
     * (with the cause it reads from the exchange) instead of a second entry being added.
     */
    public static final String RETRY_OF_HEADER = "OmniqueueQuarantineId";
    static final String INBOUND_MESSAGE_SOURCE = "inbound-message";
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final QuarantineStore store;
    private final ObjectMapper json;
    private final Clock clock;

    Quarantine(QuarantineStore store, ObjectMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    public IngestResult rejectedMessage(InboundMessage message, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                                        @Header(RETRY_OF_HEADER) Long retryOf) {
        if (retryOf != null) {
            return IngestResult.quarantined(retryOf);
        }
        String reason = reason(cause);
        long id = store.insert(message == null ? null : message.channelId(), INBOUND_MESSAGE_SOURCE, write(message), reason,
                clock.instant());
        log.warn("Quarantined message {} of channel {} as #{}: {}", message == null ? null : message.externalMessageId(),
                message == null ? null : message.channelId(), id, reason);
        return IngestResult.quarantined(id);
    }

    /**
     * A connector's payload that could not even be translated (a malformed thread, an unreadable
     * mail): kept raw with the reason, once, however often the source delivers it again.
     */
    public long rejectedPayload(String channelId, String source, String payload, String reason) {
        long id = store.insert(channelId, source, payload, reason, clock.instant());
        log.warn("Quarantined a {} payload of channel {} as #{}: {}", source, channelId, id, reason);
        return id;
    }

    private String write(InboundMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            return String.valueOf(message);
        }
    }

    static String reason(Exception cause) {
        if (cause == null) {
            return "unknown";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = cause.getMessage();
        return root == cause || message == null ? String.valueOf(message) : message + " (" + root.getMessage() + ")";
    }
}
