package io.omniqueue.reply;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.conversation.ClockRecalculator;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationLock;
import io.omniqueue.conversation.OutboundMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers one claimed reply through its channel's sender and records the outcome: SENT with
 * the destination's id, a retry at the later of the backoff and the destination's Retry-After,
 * or FAILED (which puts the conversation back to NEEDS_REPLY, its clock where it was).
 */
@Component("replyDispatcher")
public class ReplyDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ReplyDispatcher.class);

    private final ReplyStore store;
    private final ChannelRegistry channels;
    private final ReplySenders senders;
    private final ClockRecalculator clocks;
    private final ConversationLock lock;
    private final OutboundMessages messages;
    private final OutboxSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConversationEvents events;
    private final SourceCloseDelivery closes;
    private final SentReplies sentReplies;

    ReplyDispatcher(ReplyStore store, ChannelRegistry channels, ReplySenders senders, ClockRecalculator clocks,
                    ConversationLock lock, OutboundMessages messages, OutboxSettings settings, ConversationEvents events,
                    SourceCloseDelivery closes, SentReplies sentReplies, TransactionTemplate tx, Clock clock) {
        this.sentReplies = sentReplies;
        this.closes = closes;
        this.events = events;
        this.lock = lock;
        this.messages = messages;
        this.store = store;
        this.channels = channels;
        this.senders = senders;
        this.clocks = clocks;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Sends the reply and returns once its outcome is recorded. */
    public void send(ClaimedReply reply) {
        send(reply, () -> { }, true);
    }

    /**
     * The same for the pump; {@code answered} runs once the destination has answered (or could not
     * be reached), before the outcome is recorded: the pump frees the channel's send slot then, so
     * that the receiver's speed, not the database's, paces the channel. Not run when nothing was
     * sent. A SENT outcome is handed to {@link SentReplies}, which commits it with the others sent
     * meanwhile: this returns without waiting for that commit (unless the recording is far behind).
     */
    void send(ClaimedReply reply, Runnable answered) {
        send(reply, answered, false);
    }

    private void send(ClaimedReply reply, Runnable answered, boolean awaitRecord) {
        Instant now = clock.instant();
        // A claim made moments ago (the pump sends what it claims at once) has most of its lease
        // left, longer than a send may take: only an older one is renewed, and checked to be ours.
        boolean fresh = now.isBefore(reply.claimedAt().plus(settings.lease().dividedBy(2)));
        if (!fresh && !store.renewClaim(reply.id(), reply.claimToken(), now.plus(settings.lease()))) {
            log.info("Reply {}: its claim ran out while this node sent others; another node has it", reply.id());
            return;
        }
        Optional<Channel> channel = channels.find(reply.channelId());
        if (channel.isEmpty()) {
            fail(reply, "channel '" + reply.channelId() + "' is no longer configured");
            return;
        }
        if (reply.close()) {
            closes.deliver(reply, channel.get());
            return;
        }
        SendOutcome outcome;
        try {
            outcome = senders.forKind(channel.get().kind()).send(channel.get(),
                    new OutgoingReply(reply.id(), reply.conversationId(), reply.externalThreadId(), reply.body(), reply.attempt(),
                            reply.acceptedAt(), reply.hasFiles() ? store.files(reply.id()) : List.of(), reply.sendMarker()));
        } catch (RuntimeException e) {
            // A sender bug must not lose the reply: treat it as a failed attempt.
            log.warn("Reply {} on {}: sender threw", reply.id(), reply.channelId(), e);
            outcome = new SendOutcome.RetryLater(e.toString(), null);
        }
        answered.run();
        record(reply, outcome, awaitRecord);
    }

    private void record(ClaimedReply reply, SendOutcome outcome, boolean awaitRecord) {
        Instant now = clock.instant();
        if (outcome instanceof SendOutcome.Sent sent) {
            // Sends ending together share one commit (SentReplies).
            var recorded = sentReplies.recordSoon(reply, sent.externalMessageId()).whenComplete((ours, failure) -> {
                if (failure != null) {
                    // The claim's lease runs out and another attempt follows; nothing is lost.
                    log.warn("Reply {} on {}: recording it as sent failed: {}", reply.id(), reply.channelId(), failure.toString());
                } else {
                    log.info("Reply {} on {} sent (attempt {}), external id {}", reply.id(), reply.channelId(), reply.attempt(),
                            sent.externalMessageId());
                }
            });
            if (awaitRecord) {
                SentReplies.outcome(recorded);
            }
        } else if (outcome instanceof SendOutcome.Rejected rejected) {
            fail(reply, rejected.reason());
        } else if (outcome instanceof SendOutcome.RetryLater retry) {
            if (reply.attempt() >= settings.maxAttempts()) {
                fail(reply, retry.reason() + " (gave up after " + reply.attempt() + " attempts)");
                return;
            }
            Instant next = now.plus(settings.backoffAfter(reply.attempt()));
            if (retry.notBefore() != null && retry.notBefore().isAfter(next)) {
                next = retry.notBefore();
            }
            Instant retryAt = next;
            tx.executeWithoutResult(status -> {
                lock.acquire(reply.conversationId());
                store.scheduleRetry(reply.id(), reply.claimToken(), retry.reason(), retryAt, retry.sendMarker());
                events.record(reply.conversationId(), ConversationEventKind.REPLY_RETRYING, ConversationEvents.SYSTEM,
                        "reply " + reply.id() + ", attempt " + reply.attempt() + " failed (" + retry.reason() + "), next at " + retryAt);
            });
            log.info("Reply {} on {}: attempt {} failed ({}), next at {}", reply.id(), reply.channelId(),
                    reply.attempt(), retry.reason(), next);
        }
    }

    private void fail(ClaimedReply reply, String reason) {
        if (reply.close()) {
            closes.refused(reply, reason);
            return;
        }
        tx.executeWithoutResult(status -> {
            lock.acquire(reply.conversationId());
            if (store.markFailed(reply.id(), reply.claimToken(), reason)) {
                events.record(reply.conversationId(), ConversationEventKind.REPLY_FAILED, ConversationEvents.SYSTEM,
                        "reply " + reply.id() + ": " + reason);
                messages.markUndelivered(reply.id());
                clocks.recompute(reply.conversationId());
            }
        });
        log.warn("Reply {} on {} FAILED: {}", reply.id(), reply.channelId(), reason);
    }
}
