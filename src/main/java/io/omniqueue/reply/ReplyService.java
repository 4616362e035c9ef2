package io.omniqueue.reply;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.conversation.ClockRecalculator;
import io.omniqueue.conversation.ConversationLock;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationNotFoundException;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.MessageView;
import io.omniqueue.conversation.OutboundMessages;
import io.omniqueue.conversation.ThreadLookup;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts an agent's reply into the outbox. The outbox row, the shop message in the thread and
 * the stopped clock are one transaction: the queue never shows a conversation answered whose
 * reply is not on its way, nor the reverse.
 */
@Service
public class ReplyService {

    private final ReplyStore store;
    private final ChannelRegistry channels;
    private final ReplySenders senders;
    private final ClockRecalculator clocks;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ThreadLookup threads;
    private final ConversationLock lock;
    private final OutboundMessages messages;
    private final ReplyPump pump;
    private final OutboxSettings settings;
    private final ConversationQueries conversations;
    private final ConversationEvents events;

    ReplyService(ThreadLookup threads, ReplyStore store, ChannelRegistry channels, ReplySenders senders,
                 ClockRecalculator clocks, ConversationLock lock, OutboundMessages messages, ReplyPump pump,
                 OutboxSettings settings, ConversationQueries conversations, ConversationEvents events,
                 TransactionTemplate tx, Clock clock) {
        this.conversations = conversations;
        this.events = events;
        this.threads = threads;
        this.messages = messages;
        this.pump = pump;
        this.settings = settings;
        this.lock = lock;
        this.store = store;
        this.channels = channels;
        this.senders = senders;
        this.clocks = clocks;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @param idempotencyKey optional; the same key on the same conversation returns the first reply
     * @throws ReplyRejectedException when the channel's destination would refuse the reply
     */
    public ReplyView accept(long conversationId, String body, String author, String idempotencyKey) {
        return accept(conversationId, body, List.of(), author, idempotencyKey);
    }

    /** The same, with files attached. */
    public ReplyView accept(long conversationId, String body, List<OutgoingReply.File> files, String author,
                            String idempotencyKey) {
        return accept(conversationId, body, files, author, idempotencyKey, ReplyOptions.NONE);
    }

    /**
     * The same, with the send guard and the template of {@code options}.
     *
     * @throws NewerMessagesException when messages arrived after {@code options.basedOnMessageId()} and it is not forced
     * @throws BasedOnUnknownMessageException when that message is not one of the conversation's
     */
    public ReplyView accept(long conversationId, String body, List<OutgoingReply.File> files, String author,
                            String idempotencyKey, ReplyOptions options) {
        ThreadLookup.ConversationRef conversation = threads.ref(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        if (idempotencyKey != null) {
            var earlier = store.findByIdempotencyKey(conversationId, idempotencyKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Channel channel = channels.find(conversation.channelId()).orElseThrow(() -> new ReplyRejectedException(
                List.of("channel '" + conversation.channelId() + "' is no longer configured")));
        ReplyDraft draft = new ReplyDraft(body, files.stream()
                .map(f -> new ReplyDraft.FileInfo(f.name(), f.contentType(), f.content().length)).toList(),
                conversation.externalThreadId());
        List<String> problems = senders.forKind(channel.kind()).validate(channel, draft);
        if (!problems.isEmpty()) {
            throw new ReplyRejectedException(problems);
        }
        Long id = insertReplaying(conversationId, channel.id(), body, files, author, idempotencyKey, options);
        if (id == null) {
            // Another request with this key was accepted first: it is the answer to both.
            return store.findByIdempotencyKey(conversationId, idempotencyKey).orElseThrow();
        }
        pump.wake(channel.id());
        return store.find(id).orElseThrow();
    }

    /**
     * Every writer locks the conversation first, so a deadlock should not happen; a lock wait that
     * times out (H2 gives up after a second) is replayed, the transaction having left nothing behind.
     */
    private Long insertReplaying(long conversationId, String channelId, String body, List<OutgoingReply.File> files,
                                 String author, String key, ReplyOptions options) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> insert(conversationId, channelId, body, files, author, key, options));
            } catch (DuplicateKeyException concurrentSameKey) {
                return null;
            } catch (PessimisticLockingFailureException busy) {
                if (attempt >= Math.max(1, settings.acceptAttempts())) {
                    throw busy;
                }
            }
        }
    }

    /**
     * Why the channel would refuse this reply, without storing anything: the inbox shows it as
     * the agent types, and keeps Send off while it is not empty.
     */
    public List<String> problems(long conversationId, String body, List<ReplyDraft.FileInfo> files) {
        ThreadLookup.ConversationRef conversation = threads.ref(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        return channels.find(conversation.channelId())
                .map(channel -> senders.forKind(channel.kind()).validate(channel,
                        new ReplyDraft(body, files, conversation.externalThreadId())))
                .orElse(List.of("channel '" + conversation.channelId() + "' is no longer configured"));
    }

    /** The longest body the conversation's channel takes, when it has a limit. */
    public java.util.OptionalInt maxBodyLength(long conversationId) {
        ThreadLookup.ConversationRef conversation = threads.ref(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        return channels.find(conversation.channelId())
                .map(channel -> senders.forKind(channel.kind()).maxBodyLength(channel))
                .orElse(java.util.OptionalInt.empty());
    }

    /** Replies FAILED since then whose conversation still waits for an answer (no later reply went out). */
    public List<FailedReply> failedAwaitingAnswer(Instant since) {
        return store.failedAwaitingAnswer(since);
    }

    public ReplyCounts counts() {
        return store.counts();
    }

    public ReplyView find(long id) {
        return store.find(id).orElseThrow(() -> new ReplyNotFoundException(id));
    }

    private Long insert(long conversationId, String channelId, String body, List<OutgoingReply.File> files, String author,
                        String key, ReplyOptions options) {
        // Conversation first, as every writer does; the idempotency key and the send guard are decided under this lock,
        // so of two agents answering from the same message, the second sees the first one's reply.
        lock.acquire(conversationId);
        if (options.basedOnMessageId() != null) {
            List<MessageView> newer = conversations.newerThan(conversationId, options.basedOnMessageId(), author);
            if (newer == null) {
                throw new BasedOnUnknownMessageException(conversationId, options.basedOnMessageId());
            }
            if (!newer.isEmpty() && !options.force()) {
                throw new NewerMessagesException(options.basedOnMessageId(), newer);
            }
        }
        Instant now = clock.instant();
        var id = store.insert(conversationId, channelId, body, author, key, now);
        if (id.isEmpty()) {
            return null;
        }
        files.forEach(file -> store.insertFile(id.get(), file));
        messages.addReply(id.get(), conversationId, channelId, body, author, now);
        events.record(conversationId, ConversationEventKind.REPLIED, author, "reply " + id.get()
                + (options.template() == null ? "" : ", template '" + options.template() + "'")
                + (options.force() ? ", sent anyway over newer messages" : ""));
        clocks.recompute(conversationId);
        return id.get();
    }
}
