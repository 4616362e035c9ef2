package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.PollRun;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
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
    private long doneAtBegin;

    MailPollStrategy(Channel channel, PollRun pollRun, MailsDone done) {
        this.channel = channel;
        this.pollRun = pollRun;
        this.done = done;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        doneAtBegin = done.count(channel.id());
        return pollRun.begin(channel);
    }

    /**
     * The route polls greedily (a poll that read mail polls again at once, so a backlog does not
     * wait poll-delay per 100 mails) only while every mail read went through: mails that failed
     * stay in the folder, and reading them again at once would loop until the cause is gone.
     */
    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        pollRun.succeeded(channel);
        if (consumer instanceof ScheduledPollConsumer scheduled) {
            scheduled.setGreedy(done.count(channel.id()) - doneAtBegin >= polledMessages);
        }
    }

    /** @return false: never retry at once; the next scheduled poll asks {@link #begin} again. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        MailSettings settings = channel.settings(MailSettings.class);
        pollRun.failed(channel, MailFailures.classify(cause, channel.id(), settings.imap().folderOrDefault()));
        return false;
    }
}
