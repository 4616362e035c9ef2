package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.PollRun;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Puts camel-mail's own poll loop under the shared poll run: before each poll it asks whether the
 * mailbox is due (not paused for a refused login, not backing off, breaker closed), after it
 * records the success or the failure on the channel's cursor, so a dead mailbox shows in
 * {@code /api/channels}, in health and in the operational alerts like a failing marketplace.
 */
final class MailPollStrategy implements PollingConsumerPollStrategy {

    private final Channel channel;
    private final PollRun pollRun;
    private final MailsDone done;
    private final MailPoll poll;
    /**
     * Greedy polls in a row before the mailbox waits its poll-delay anyway: a backlog of this many
     * full batches is read at once, and a fault that lets mails through without moving them out of
     * the folder (camel-mail only logs a failed move) cannot log in again and again without pause.
     */
    static final int MAX_GREEDY_POLLS = 50;

    private long doneAtBegin;
    private int greedyPolls;

    MailPollStrategy(Channel channel, PollRun pollRun, MailsDone done, MailPoll poll) {
        this.channel = channel;
        this.poll = poll;
        this.pollRun = pollRun;
        this.done = done;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        doneAtBegin = done.count(channel.id());
        poll.begin();
        return pollRun.begin(channel);
    }

    /**
     * The route polls greedily (a poll that read a full batch polls again at once, so a backlog does
     * not wait poll-delay per 100 mails) only while every mail read went through: mails that failed
     * stay in the folder, and reading them again at once would loop until the cause is gone. A batch
     * that was not full emptied the folder, and at most {@link #MAX_GREEDY_POLLS} follow each other.
     */
    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        pollRun.succeeded(channel);
        if (consumer instanceof ScheduledPollConsumer scheduled) {
            boolean allThrough = done.count(channel.id()) - doneAtBegin >= polledMessages;
            boolean greedy = polledMessages > 0 && allThrough && fullBatch(consumer, polledMessages)
                    && greedyPolls < MAX_GREEDY_POLLS;
            greedyPolls = greedy ? greedyPolls + 1 : 0;
            scheduled.setGreedy(greedy);
        }
    }

    private static boolean fullBatch(Consumer consumer, int polledMessages) {
        return !(consumer instanceof ScheduledBatchPollingConsumer batch)
                || batch.getMaxMessagesPerPoll() <= 0
                || polledMessages >= batch.getMaxMessagesPerPoll();
    }

    /** @return false: never retry at once; the next scheduled poll asks {@link #begin} again. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        greedyPolls = 0;
        if (consumer instanceof ScheduledPollConsumer scheduled) {
            scheduled.setGreedy(false);
        }
        MailSettings settings = channel.settings(MailSettings.class);
        pollRun.failed(channel, MailFailures.classify(cause, channel.id(), settings.imap().folderOrDefault()));
        return false;
    }
}
