package io.omniqueue.reply;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ConnectorPart;
import io.omniqueue.channel.ConnectorParts;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.channel.SourceConversationCloser;
import io.omniqueue.conversation.ConversationClosing;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationLock;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers a claimed close row through the channel kind's {@link SourceConversationCloser} (found
 * by the kind's CLOSER part, so a new connector's closer needs no wiring) and records the outcome
 * in the row and the conversation's trail: done, retried at the later of the backoff and the
 * source's Retry-After, or refused (the conversation stays closed inside Omniqueue).
 */
@Component
class SourceCloseDelivery {

    private static final Logger log = LoggerFactory.getLogger(SourceCloseDelivery.class);

    private final ReplyStore store;
    private final ConnectorParts parts;
    private final ConversationLock lock;
    private final ConversationClosing closing;
    private final ConversationEvents events;
    private final OutboxSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    SourceCloseDelivery(ReplyStore store, ConnectorParts parts, ConversationLock lock, ConversationClosing closing,
                        ConversationEvents events, OutboxSettings settings, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.parts = parts;
        this.lock = lock;
        this.closing = closing;
        this.events = events;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    void deliver(ClaimedReply close, Channel channel) {
        if (!parts.has(channel.kind(), ConnectorPart.CLOSER)) {
            refused(close, "channel kind '" + channel.kind() + "' can no longer close its source's threads");
            return;
        }
        if (!closing.isClosed(close.conversationId())) {
            // A close waiting for its retry (or for earlier replies) is stale once the customer wrote again:
            // closing the source's thread now would shut the customer's new question at the marketplace.
            refused(close, "the customer wrote after the close: the source's thread stays open");
            return;
        }
        SendOutcome outcome;
        try {
            outcome = parts.part(channel.kind(), ConnectorPart.CLOSER, SourceConversationCloser.class)
                    .close(channel, close.externalThreadId());
        } catch (RuntimeException e) {
            // A closer bug must not lose the close: treat it as a failed attempt.
            log.warn("Close {} on {}: closer threw", close.id(), close.channelId(), e);
            outcome = new SendOutcome.RetryLater(e.toString(), null);
        }
        Instant now = clock.instant();
        if (outcome instanceof SendOutcome.Sent) {
            tx.executeWithoutResult(status -> {
                lock.acquire(close.conversationId());
                if (store.markSent(close.id(), close.claimToken(), null, now)) {
                    events.record(close.conversationId(), ConversationEventKind.SOURCE_CLOSED, ConversationEvents.SYSTEM,
                            "thread " + close.externalThreadId() + " closed at the source (attempt " + close.attempt() + ")");
                }
            });
            log.info("Close {} on {}: thread {} closed at the source", close.id(), close.channelId(), close.externalThreadId());
        } else if (outcome instanceof SendOutcome.Rejected rejected) {
            refused(close, rejected.reason());
        } else if (outcome instanceof SendOutcome.RetryLater retry) {
            if (close.attempt() >= settings.maxAttempts()) {
                refused(close, retry.reason() + " (gave up after " + close.attempt() + " attempts)");
                return;
            }
            Instant next = now.plus(settings.backoffAfter(close.attempt()));
            if (retry.notBefore() != null && retry.notBefore().isAfter(next)) {
                next = retry.notBefore();
            }
            Instant retryAt = next;
            tx.executeWithoutResult(status -> {
                lock.acquire(close.conversationId());
                store.scheduleRetry(close.id(), close.claimToken(), retry.reason(), retryAt, null);
                events.record(close.conversationId(), ConversationEventKind.SOURCE_CLOSE_RETRYING, ConversationEvents.SYSTEM,
                        "attempt " + close.attempt() + " failed (" + retry.reason() + "), next at " + retryAt);
            });
            log.info("Close {} on {}: attempt {} failed ({}), next at {}", close.id(), close.channelId(), close.attempt(),
                    retry.reason(), retryAt);
        }
    }

    /** The source will not close its thread: said in the trail; the conversation stays closed here. */
    void refused(ClaimedReply close, String reason) {
        tx.executeWithoutResult(status -> {
            lock.acquire(close.conversationId());
            if (store.markFailed(close.id(), close.claimToken(), reason)) {
                events.record(close.conversationId(), ConversationEventKind.SOURCE_CLOSE_REFUSED, ConversationEvents.SYSTEM,
                        reason);
            }
        });
        log.warn("Close {} on {}: the source did not close thread {}: {}", close.id(), close.channelId(),
                close.externalThreadId(), reason);
    }
}
