package io.omniqueue.reply;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.ConnectorPart;
import io.omniqueue.channel.ConnectorParts;
import io.omniqueue.conversation.ConversationClosing;
import io.omniqueue.conversation.ConversationNotFoundException;
import io.omniqueue.conversation.ThreadLookup;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An agent closes a conversation. When the channel's kind can close its source's threads (a
 * CLOSER part: Octopia, Kaufland), the close for the source is written to the outbox in the same
 * transaction as the status change, and delivered after the commit like a reply: retried on
 * RetryLater, picked up again after a crash, its outcome recorded in the trail.
 */
@Service
public class ConversationCloseService {

    private final ThreadLookup threads;
    private final ChannelRegistry channels;
    private final ConnectorParts parts;
    private final ConversationClosing closing;
    private final ReplyStore store;
    private final ReplyPump pump;
    private final TransactionTemplate tx;
    private final Clock clock;

    ConversationCloseService(ThreadLookup threads, ChannelRegistry channels, ConnectorParts parts, ConversationClosing closing,
                             ReplyStore store, ReplyPump pump, TransactionTemplate tx, Clock clock) {
        this.threads = threads;
        this.channels = channels;
        this.parts = parts;
        this.closing = closing;
        this.store = store;
        this.pump = pump;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @return whether the source is told (the channel's kind has a closer)
     * @throws ConversationNotFoundException when there is no such conversation
     * @throws io.omniqueue.conversation.ConversationAlreadyClosedException when it is closed already
     */
    public boolean close(long conversationId, String by) {
        ThreadLookup.ConversationRef conversation = threads.ref(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        Optional<Channel> channel = channels.find(conversation.channelId());
        boolean tellSource = channel.map(c -> parts.has(c.kind(), ConnectorPart.CLOSER)).orElse(false);
        tx.executeWithoutResult(status -> {
            closing.close(conversationId, by, tellSource ? "the source's thread will be closed too" : "closed in Omniqueue only");
            if (tellSource) {
                store.insertClose(conversationId, conversation.channelId(), clock.instant());
            }
        });
        if (tellSource) {
            pump.wake(conversation.channelId());
        }
        return tellSource;
    }
}
