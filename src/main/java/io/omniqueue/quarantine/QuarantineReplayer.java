package io.omniqueue.quarantine;

import io.omniqueue.conversation.InboundMessage;
import java.util.List;

/**
 * Turns a connector's raw quarantined payload (a Mirakl thread, a mail) back into messages when
 * an operator retries it. One implementation per quarantine source.
 */
public interface QuarantineReplayer {

    /** The connector kind whose payloads these are. */
    String kind();

    /** The {@code source} of the quarantine entries this replayer reads. */
    String source();

    /** @throws RuntimeException with the reason when the payload still can't be read */
    List<InboundMessage> replay(String channelId, String payload);

    /**
     * Whether the payload is raw text (a mail) rather than a JSON object: an operator's correction
     * is then a JSON string holding that text.
     */
    default boolean readsText() {
        return false;
    }
}
