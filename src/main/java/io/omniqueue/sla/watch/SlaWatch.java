package io.omniqueue.sla.watch;

import io.omniqueue.conversation.QueueChanges;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** The bean of {@code routes/sla-watch.camel.yaml}: plans and sends deadline alerts, then checks operational conditions. */
@Component("slaWatch")
public class SlaWatch {

    private final AlertPlanner planner;
    private final AlertDispatcher dispatcher;
    private final OperationalWatch operations;
    private final QueueChanges changes;
    private final Clock clock;
    /** This node's last successful plan; null until the first (which reads every open conversation). */
    private volatile WatchMark last;

    SlaWatch(AlertPlanner planner, AlertDispatcher dispatcher, OperationalWatch operations, QueueChanges changes,
             Clock clock) {
        this.planner = planner;
        this.changes = changes;
        this.dispatcher = dispatcher;
        this.operations = operations;
        this.clock = clock;
    }

    public void run() {
        Instant now = clock.instant();
        // Taken before the plan reads: a change committed while it runs is read again next time.
        Instant mark = changes.mark();
        planner.plan(now, last);
        last = new WatchMark(now, mark);
        dispatcher.dispatch(now);
        operations.check(now);
    }
}
