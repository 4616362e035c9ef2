package io.omniqueue.demo;

import io.omniqueue.conversation.InboundMessage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Simulated customers of the demo mode: new questions, and now and then a follow-up in a thread
 * already open, so a newcomer sees threading, the clock and the queue order at work.
 */
@Component("demoCustomers")
public class DemoCustomers {

    private static final List<String[]> SCRIPT = List.of(
            new String[] {"Camille Martin", "camille.martin@example.com", "Where is my parcel?",
                    "Hello, I ordered a lamp last week and the tracking has not moved since Monday. Can you check?"},
            new String[] {"Jonas Weber", "jonas.weber@example.com", "Wrong size delivered",
                    "I received the shoes in 42 instead of 43. How do I exchange them?"},
            new String[] {"Lucía García", "lucia.garcia@example.com", "Invoice needed",
                    "Could you send me an invoice with my company name for order 4471?"},
            new String[] {"Camille Martin", "camille.martin@example.com", "Where is my parcel?",
                    "Any news? I need it before the weekend."});

    private final DemoSettings settings;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    DemoCustomers(DemoSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public InboundMessage nextMessage() {
        long n = sequence.incrementAndGet();
        String[] line = SCRIPT.get((int) ((n - 1) % SCRIPT.size()));
        // The fourth line follows up on the first one's thread of the same round.
        long round = (n - 1) / SCRIPT.size();
        String thread = "demo-" + round + "-" + (line[0].hashCode() & 0x7fffffff);
        return InboundMessage.fromCustomer(settings.channel(), thread, "demo-" + clock.millis() + "-" + n, line[0], line[1],
                line[2], line[3], clock.instant(), "DEMO-" + (1000 + round));
    }
}
