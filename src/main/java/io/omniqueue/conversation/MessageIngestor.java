package io.omniqueue.conversation;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bean behind {@code direct:ingest}: one transaction drops a duplicate, finds or opens the
 * conversation, stores the message and recomputes the clock. Messages arriving together share a
 * transaction ({@link GroupCommit}); each caller is answered once its message is committed.
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
    private final GroupCommit groupCommit;

    MessageIngestor(ConversationStore store, ClockRecalculator clocks, InboundMessageNormalizer normalizer,
                    ChannelRegistry channels, TransactionTemplate tx, Clock clock, IngestSettings settings) {
        this.store = store;
        this.clocks = clocks;
        this.normalizer = normalizer;
        this.channels = channels;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.groupCommit = new GroupCommit(settings.committers(), settings.maxBatch(),
                batch -> tx.execute(status -> batch.stream().map(p -> ingestOnce(p.message(), p.marketplace())).toList()),
                p -> ingestAlone(p.message(), p.marketplace()));
    }

    /** @throws InvalidInboundMessageException when the message can't be stored as it is (the route quarantines it) */
    public IngestResult ingest(InboundMessage message) {
        InboundMessage m = normalizer.normalize(message);
        Channel channel = channels.find(m.channelId())
                .orElseThrow(() -> new InvalidInboundMessageException("channel '" + m.channelId() + "' is not configured"));
        String marketplace = m.marketplace() != null ? m.marketplace() : channel.marketplace();
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // The caller's own transaction decides the commit: nobody else's message may join it.
            return ingestAlone(m, marketplace);
        }
        return groupCommit.ingest(m, marketplace);
    }

    private IngestResult ingestAlone(InboundMessage m, String marketplace) {
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
        return IngestResult.stored(conversationId, messageId.get());
    }
}
