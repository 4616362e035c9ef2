package io.omniqueue.channel.mail;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * How many mails each mailbox route has finished (stored, recognised, or quarantined and moved
 * aside) on this node. The poll strategy compares it with the mails a poll read: a poll whose
 * mails all went through may read the next batch at once; one whose mails failed (the database
 * away) leaves them for the next scheduled poll instead of reading them again in a loop.
 */
@Component
class MailsDone {

    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();

    void finished(String channelId) {
        counter(channelId).incrementAndGet();
    }

    long count(String channelId) {
        return counter(channelId).get();
    }

    private AtomicLong counter(String channelId) {
        return done.computeIfAbsent(channelId, id -> new AtomicLong());
    }
}
