package io.omniqueue.conversation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.insight.MessageInsight;
import io.omniqueue.insight.MessageReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.CannotAcquireLockException;
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
    private final List<StoredMessageListener> listeners;
    private final MessageReader reader;
    private final GroupCommit groupCommit;
    private final Counter resent;

    MessageIngestor(ConversationStore store, ClockRecalculator clocks, InboundMessageNormalizer normalizer,
                    ChannelRegistry channels, TransactionTemplate tx, Clock clock, IngestSettings settings,
                    List<StoredMessageListener> listeners, MessageReader reader, MeterRegistry registry) {
        this.listeners = List.copyOf(listeners);
        this.reader = reader;
        this.store = store;
        this.clocks = clocks;
        this.normalizer = normalizer;
        this.channels = channels;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        // What one commit serves: with the embedded H2 the commit is about a third of a message's CPU, so
        // an operator (or a benchmark) reading small batches here knows where the time goes.
        DistributionSummary batches = DistributionSummary.builder("omniqueue.ingest.batch").baseUnit("messages")
                .description("Messages stored by one ingest transaction (group commit)").register(registry);
        this.resent = Counter.builder("omniqueue.ingest.resent").baseUnit("messages")
                .description("Messages received again after they were stored, answered as duplicates before any transaction")
                .register(registry);
        this.groupCommit = new GroupCommit(settings.committers(), settings.maxBatch(),
                batch -> {
                    List<IngestResult> results = tx.execute(status ->
                            batch.stream().map(p -> ingestOnce(p.message(), p.marketplace(), p.insight())).toList());
                    batches.record(batch.size());
                    return results;
                },
                // A batch that throws is rolled back whole, and each of its messages goes again alone.
                p -> {
                    IngestResult result = ingestAlone(p.message(), p.marketplace(), p.insight());
                    batches.record(1);
                    return result;
                });
    }

    /** @throws InvalidInboundMessageException when the message can't be stored as it is (the route quarantines it) */
    public IngestResult ingest(InboundMessage message) {
        InboundMessage m = normalizer.normalize(message);
        Channel channel = channels.find(m.channelId())
                .orElseThrow(() -> new InvalidInboundMessageException("channel '" + m.channelId() + "' is not configured"));
        // A message received again (a source's retry, a poller listing a thread's messages again) is
        // answered from its key: neither the language detection nor a transaction, which are most
        // of a new message's cost. One that arrives twice at once is still caught in the transaction.
        Optional<Long> known = store.conversationOfMessage(m.channelId(), m.externalMessageId());
        if (known.isPresent()) {
            resent.increment();
            return IngestResult.duplicateOf(known.get());
        }
        String marketplace = m.marketplace() != null ? m.marketplace() : channel.marketplace();
        // Read before the transaction: a few milliseconds of CPU that no row lock needs to wait for.
        MessageInsight insight = m.direction() == Direction.INBOUND && m.authorRole() == AuthorRole.CUSTOMER
                ? reader.read(m.subject(), m.body(), marketplace) : null;
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // The caller's own transaction decides the commit: nobody else's message may join it.
            return ingestAlone(m, marketplace, insight);
        }
        return groupCommit.ingest(m, marketplace, insight);
    }

    private IngestResult ingestAlone(InboundMessage m, String marketplace, MessageInsight insight) {
        RuntimeException lastRace = null;
        for (int attempt = 1; attempt <= Math.max(1, settings.maxAttempts()); attempt++) {
            try {
                return tx.execute(status -> ingestOnce(m, marketplace, insight));
            } catch (ListedAgainAfterErasure again) {
                // Rolled back: the conversation opened for it is gone again.
                return again.result;
            } catch (DuplicateKeyException | PessimisticLockingFailureException race) {
                // Another transaction inserted the same thread or message first (H2 reports that
                // as a key violation where PostgreSQL waits): the replay sees its row.
                lastRace = race;
            }
        }
        throw lastRace;
    }

    private IngestResult ingestOnce(InboundMessage m, String marketplace, MessageInsight insight) {
        Instant now = clock.instant();
        // Lock first: most messages follow up a known thread, and an insert that conflicts costs more than a read.
        Optional<Long> locked = store.lockConversation(m.channelId(), m.externalThreadId());
        boolean opened = false;
        if (locked.isEmpty()) {
            // Inserted: ours alone until the commit. Not inserted: another transaction opened it meanwhile.
            Optional<Long> inserted = store.insertConversationIfAbsent(m, marketplace, insight, now);
            opened = inserted.isPresent();
            locked = opened ? inserted : store.lockConversation(m.channelId(), m.externalThreadId());
        }
        // Empty when an erasure re-keyed the thread's conversation while we waited for its lock: the
        // replay opens a new conversation for the message instead of failing it.
        long conversationId = locked.orElseThrow(() -> new CannotAcquireLockException(
                "conversation re-keyed while waiting for its lock: " + m.externalThreadId()));
        var messageId = store.insertMessageIfAbsent(conversationId, m, insight, now);
        if (messageId.isEmpty()) {
            if (opened) {
                // Stored already, in a conversation erased since (its thread re-keyed), and listed again by the
                // source: a new conversation for it would hold again the name, address and subject erased.
                // Thrown, not marked rollback-only: in a group commit the whole batch must roll back
                // (and its messages go again alone), never commit silently as if it were stored.
                throw new ListedAgainAfterErasure(IngestResult.duplicateOf(
                        store.conversationOfMessage(m.channelId(), m.externalMessageId()).orElse(conversationId)));
            }
            return IngestResult.duplicateOf(conversationId);
        }
        if (!opened) {
            // A new conversation was inserted with all this message says.
            store.absorbDetails(conversationId, m, insight);
        }
        clocks.recompute(conversationId);
        var stored = new StoredMessageListener.StoredMessage(conversationId, messageId.get(), m);
        listeners.forEach(listener -> listener.stored(stored));
        return IngestResult.stored(conversationId, messageId.get());
    }

    /** A message already stored in an erased conversation, listed again: its transaction must not commit. */
    private static final class ListedAgainAfterErasure extends RuntimeException {
        private final transient IngestResult result;

        ListedAgainAfterErasure(IngestResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
