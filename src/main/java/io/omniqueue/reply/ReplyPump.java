package io.omniqueue.reply;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps every channel's replies moving. Each channel has its own number of sends in flight
 * ({@code per-channel-sends}), under one bound for the node ({@code max-sends}): a receiver that
 * hangs for its full timeout holds only its own channel's slots, never the others'. A claim is
 * made when the timer ticks (retries that came due), when a reply is accepted, when a send ends
 * and when a channel has less than a round of sends claimed ahead, so throughput follows the
 * receivers' speed, not the timer's period. A send slot goes straight on with its channel's next
 * claimed reply, on the same thread.
 */
@Component("replyPump")
public class ReplyPump implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplyPump.class);
    /** The slot of replies whose channel was removed from the configuration: they only need to be failed. */
    private static final String UNCONFIGURED = "";
    /**
     * A claim takes up to this many times a channel's sends in flight, so that one claim transaction
     * serves several sends. Bounded so that a receiver hanging for its full timeout (15 s) works
     * through a claim well within the lease (2 min): 4 rounds of 15 s.
     */
    static final int CLAIM_AHEAD = 4;
    /**
     * Stops before the Camel context (phase {@code Integer.MAX_VALUE - 2049}): a send under way needs
     * Camel to finish, and once the receiver has it, its outcome must be recorded. Stopped with
     * Camel first, a send cut short after the receiver got it was sent again after the restart.
     */
    static final int STOP_PHASE = Integer.MAX_VALUE - 2000;

    private final ReplyOutbox outbox;
    private final ReplyDispatcher dispatcher;
    private final ChannelRegistry channels;
    private final OutboxSettings settings;
    private final ExecutorService senders;
    private final ExecutorService waker;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    /** Channels whose last claim found fewer replies than it could take: only a tick or a new reply looks again. */
    private final Set<String> drained = ConcurrentHashMap.newKeySet();
    /** Bumped by every wake of a channel: a claim that saw an older count must not mark the channel drained. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> wakes = new ConcurrentHashMap<>();
    /** One claim at a time on this node; held through the claim's transaction. */
    private final ReentrantLock claiming = new ReentrantLock();
    /**
     * Guards the replies claimed ahead and which of them start; held for moments only, never across a
     * database call, so that a send slot takes its next reply while a claim's transaction runs.
     */
    private final ReentrantLock ahead = new ReentrantLock();
    /** Claimed but not yet started, per channel, in claim order; touched only while holding {@link #ahead}. */
    private final Map<String, Deque<ClaimedReply>> claimedAhead = new ConcurrentHashMap<>();
    /** Conversations with a send under way on this node: their next reply waits its turn. */
    private final Set<Long> sendingConversations = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Set when the node stops: no claim after the unstarted ones were handed back. */
    private volatile boolean stopping;

    ReplyPump(ReplyOutbox outbox, ReplyDispatcher dispatcher, ChannelRegistry channels, OutboxSettings settings) {
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.channels = channels;
        this.settings = settings;
        // Twice the sends in flight: a thread whose send was answered may still wait for its outcome's commit.
        this.senders = Executors.newFixedThreadPool(settings.maxSends() * 2, named("reply-send"));
        int needed = settings.perChannelSends() * (channels.all().size() + 1);
        if (settings.maxSends() < needed) {
            log.warn("omniqueue.outbox.max-sends ({}) is below per-channel-sends x channels ({}): receivers hanging on "
                    + "several channels at once can hold every send slot of this node and delay the others",
                    settings.maxSends(), needed);
        }
        this.waker = Executors.newSingleThreadExecutor(named("reply-claim"));
    }

    /** The timer's call: every channel is looked at, retries that came due included. */
    public void tick() {
        drained.clear();
        pump();
    }

    /** A reply of this channel was accepted: claim it now rather than at the next tick. */
    void wake(String channelId) {
        wakesOf(channelId).incrementAndGet();
        drained.remove(channelId);
        if (settings.dispatch()) {
            pumpSoon();
        }
    }

    private void pumpSoon() {
        try {
            waker.execute(this::pump);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // The node is stopping; the replies wait in the outbox for the next start or another node.
        }
    }

    /** Replies in flight on this node, per channel; for tests and metrics. */
    int inFlight(String channelId) {
        AtomicInteger n = inFlight.get(channelId);
        return n == null ? 0 : n.get();
    }

    /**
     * Claims for every channel with free slots. Never blocks: a caller that finds another claim
     * under way leaves a note, and that claim runs once more before it lets go.
     */
    private void pump() {
        if (!settings.dispatch() || stopping) {
            return;
        }
        again.set(true);
        while (again.get() && claiming.tryLock()) {
            try {
                // Checked again here: a stop may have handed the claimed replies back since the first look.
                while (again.getAndSet(false) && !stopping) {
                    claimForEveryChannel();
                }
            } catch (RuntimeException e) {
                // The database may be away for a moment; the next tick claims again.
                log.warn("Claiming due replies failed: {}", e.toString());
            } finally {
                claiming.unlock();
            }
        }
    }

    private void claimForEveryChannel() {
        List<String> configured = channels.all().stream().map(Channel::id).toList();
        for (String channelId : configured) {
            if (stopping) {
                return; // the claimed replies were handed back, or are about to be
            }
            claim(channelId, settings.perChannelSends(), limit -> outbox.claimDue(channelId, limit));
        }
        claim(UNCONFIGURED, 1, limit -> outbox.claimDueOutside(configured, limit));
    }

    /** Called while holding {@link #claiming}: one claim at a time, and the deques stay in place. */
    private void claim(String slot, int slots, java.util.function.IntFunction<List<ClaimedReply>> claimer) {
        AtomicInteger busy = inFlight.computeIfAbsent(slot, k -> new AtomicInteger());
        int want;
        ahead.lock();
        try {
            Deque<ClaimedReply> waiting = claimedAhead.computeIfAbsent(slot, k -> new ArrayDeque<>());
            int free = Math.min(slots - busy.get(), settings.maxSends() - total.get());
            // One claim transaction for several sends; the lease covers the wait (see CLAIM_AHEAD). The
            // node's replies claimed ahead stay within CLAIM_AHEAD rounds of all its sends (max-sends), so
            // many busy channels sharing those slots cannot claim more than they start within the lease.
            // Topped up while less than a round is left, so that a busy slot finds its next reply waiting.
            want = Math.min(slots * CLAIM_AHEAD - waiting.size(), settings.maxSends() * CLAIM_AHEAD - claimedAheadTotal());
            boolean needed = waiting.size() < slots && (free > 0 || busy.get() > 0) && want > 0 && !drained.contains(slot);
            if (!needed) {
                startReady(slot, slots, busy);
                return;
            }
        } finally {
            ahead.unlock();
        }
        long seen = wakesOf(slot).get();
        // Outside the lock: the slots of this channel go on with what is claimed ahead meanwhile.
        List<ClaimedReply> claimed = claimer.apply(want);
        // A reply accepted while this claim ran may have missed it: then the channel is not drained.
        if (claimed.size() < want && wakesOf(slot).get() == seen) {
            drained.add(slot);
        }
        ahead.lock();
        try {
            claimedAhead.get(slot).addAll(claimed);
            startReady(slot, slots, busy);
        } finally {
            ahead.unlock();
        }
    }

    /** Starts what is claimed ahead and startable, in the channel's free slots. Called while holding {@link #ahead}. */
    private void startReady(String slot, int slots, AtomicInteger busy) {
        int free = Math.min(slots - busy.get(), settings.maxSends() - total.get());
        Deque<ClaimedReply> waiting = claimedAhead.get(slot);
        while (free > 0) {
            ClaimedReply reply = nextStartable(waiting);
            if (reply == null) {
                break;
            }
            free--;
            start(reply, slot, busy);
        }
    }

    /**
     * The first reply claimed ahead whose conversation has no send under way (replies of one
     * conversation go one after another, in the order they were claimed), taken from the deque and
     * its conversation marked; null when there is none. Called while holding {@link #ahead}.
     */
    private ClaimedReply nextStartable(Deque<ClaimedReply> waiting) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            ClaimedReply reply = it.next();
            if (sendingConversations.add(reply.conversationId())) {
                it.remove();
                return reply;
            }
        }
        return null;
    }

    /** Called while holding {@link #ahead}. */
    private void start(ClaimedReply first, String slot, AtomicInteger busy) {
        busy.incrementAndGet();
        total.incrementAndGet();
        try {
            senders.execute(() -> sendInSlot(first, slot, busy));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The node stops: the reply goes back where it was, and is handed back with the others.
            busy.decrementAndGet();
            total.decrementAndGet();
            sendingConversations.remove(first.conversationId());
            claimedAhead.computeIfAbsent(slot, k -> new ArrayDeque<>()).addFirst(first);
        }
    }

    /**
     * One send slot at work: sends the reply, then goes on at once with the next one its channel has
     * claimed ahead, on the same thread. A slot thus passes from one send to the next without a
     * round through the claiming thread and the executor (two thread wake-ups a send, which on a
     * busy machine cost more than a fast receiver's answer). It is freed when nothing is ready.
     */
    private void sendInSlot(ClaimedReply first, String slot, AtomicInteger busy) {
        ClaimedReply reply = first;
        try {
            while (reply != null) {
                sendOne(reply);
                reply = stopping ? null : nextInSlot(slot);
            }
        } finally {
            busy.decrementAndGet();
            total.decrementAndGet();
            pumpSoon();
        }
    }

    private void sendOne(ClaimedReply reply) {
        AtomicBoolean conversationHeld = new AtomicBoolean(true);
        Runnable answered = () -> {
            if (conversationHeld.getAndSet(false)) {
                sendingConversations.remove(reply.conversationId());
            }
        };
        try {
            // The conversation's next reply may go once the receiver answered; recording goes on meanwhile.
            dispatcher.send(reply, answered);
        } catch (RuntimeException e) {
            // The claim's lease runs out and another attempt follows; nothing is lost.
            log.warn("Reply {} on {}: recording the outcome failed: {}", reply.id(), reply.channelId(), e.toString());
        } finally {
            answered.run();
        }
    }

    /** The slot's next reply, if one is claimed ahead and startable. */
    private ClaimedReply nextInSlot(String slot) {
        ClaimedReply next;
        boolean low;
        ahead.lock();
        try {
            Deque<ClaimedReply> waiting = claimedAhead.get(slot);
            next = waiting == null ? null : nextStartable(waiting);
            low = waiting == null || waiting.size() < (UNCONFIGURED.equals(slot) ? 1 : settings.perChannelSends());
        } finally {
            ahead.unlock();
        }
        // Less than a round left: the claiming thread tops it up meanwhile.
        if (low) {
            pumpSoon();
        }
        return next;
    }

    /** Called while holding {@link #ahead}. */
    private int claimedAheadTotal() {
        return claimedAhead.values().stream().mapToInt(Deque::size).sum();
    }

    private java.util.concurrent.atomic.AtomicLong wakesOf(String slot) {
        return wakes.computeIfAbsent(slot, k -> new java.util.concurrent.atomic.AtomicLong());
    }

    @Override
    public void start() {
        // Nothing to start: the timer and accepted replies drive the pump.
    }

    @Override
    public boolean isRunning() {
        return !stopping;
    }

    @Override
    public int getPhase() {
        return STOP_PHASE;
    }

    /** The node stops: no new claim, claimed replies not started go back, sends under way end and hand over their outcome. */
    @Override
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            // Not shutdownNow: an interrupt inside a claim transaction can close H2's file channel.
            waker.shutdown();
            waker.awaitTermination(5, TimeUnit.SECONDS);
            releaseClaimedAhead();
            senders.shutdown();
            // Sends under way get a moment to end; any cut short is retried after its lease, with the same Idempotency-Key.
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
            releaseClaimedAhead();
        }
    }

    /** A context that failed to start is destroyed without being stopped. */
    @Override
    public void destroy() {
        stop();
    }

    /** Claimed replies not started yet go back to the outbox now, rather than after their lease. */
    private void releaseClaimedAhead() {
        // A claim under way (a tick's) ends first: what it claims is handed back too.
        claiming.lock();
        try {
            List<ClaimedReply> unsent = new ArrayList<>();
            ahead.lock();
            try {
                claimedAhead.values().forEach(unsent::addAll);
                claimedAhead.clear();
            } finally {
                ahead.unlock();
            }
            if (!unsent.isEmpty()) {
                outbox.release(unsent);
            }
        } catch (RuntimeException e) {
            // The database may be gone already: the leases run out and another node or start sends them.
            log.warn("Handing claimed replies back failed: {}", e.toString());
        } finally {
            claiming.unlock();
        }
    }

    /** Daemon threads named prefix-1, prefix-2, ... (the outbox's threads, in thread dumps and logs). */
    static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
