package io.omniqueue.conversation;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bean behind {@code direct:ingest}: one transaction drops a duplicate, finds or opens the
 * conversation, stores the message and recomputes the clock.
 */
@Component("messageIngestor")
public class MessageIngestor {

    private final ConversationStore store;
    private final ClockRecalculator clocks;
    private final InboundMessageNormalizer normalizer;
    private final ChannelRegistry channels;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final IngestSettings settings;
    private final List<StoredMessageListener> listeners;

    MessageIngestor(ConversationStore store, ClockRecalculator clocks, InboundMessageNormalizer normalizer,
                    ChannelRegistry channels, TransactionTemplate tx, Clock clock, IngestSettings settings,
                    List<StoredMessageListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.store = store;
        this.clocks = clocks;
        this.normalizer = normalizer;
        this.channels = channels;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
    }

    /** @throws InvalidInboundMessageException when the message can't be stored as it is (the route quarantines it) */
    public IngestResult ingest(InboundMessage message) {
        InboundMessage m = normalizer.normalize(message);
        Channel channel = channels.find(m.channelId())
                .orElseThrow(() -> new InvalidInboundMessageException("channel '" + m.channelId() + "' is not configured"));
        String marketplace = m.marketplace() != null ? m.marketplace() : channel.marketplace();
        RuntimeException lastRace = null;
        for (int attempt = 1; attempt <= Math.max(1, settings.maxAttempts()); attempt++) {
            try {
                return tx.execute(status -> ingestOnce(m, marketplace));
            } catch (DuplicateKeyException | PessimisticLockingFailureException race) {
                // Another transaction inserted the same thread or message first (H2 reports that
                // as a key violation where PostgreSQL waits): the replay sees its row.
                lastRace = race;
            }
        }
        throw lastRace;
    }

    private IngestResult ingestOnce(InboundMessage m, String marketplace) {
        Instant now = clock.instant();
        store.insertConversationIfAbsent(m, marketplace, now);
        long conversationId = store.lockConversation(m.channelId(), m.externalThreadId())
                .orElseThrow(() -> new IllegalStateException("conversation vanished after insert: " + m.externalThreadId()));
        var messageId = store.insertMessageIfAbsent(conversationId, m, now);
        if (messageId.isEmpty()) {
            return IngestResult.duplicateOf(conversationId);
        }
        store.absorbDetails(conversationId, m);
        clocks.recompute(conversationId);
        var stored = new StoredMessageListener.StoredMessage(conversationId, messageId.get(), m);
        listeners.forEach(listener -> listener.stored(stored));
        return IngestResult.stored(conversationId, messageId.get());
    }
}
