package io.omniqueue.sla.watch;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** The bean of {@code routes/sla-watch.camel.yaml}: plans and sends deadline alerts, then checks operational conditions. */
@Component("slaWatch")
public class SlaWatch {

    private final AlertPlanner planner;
    private final AlertDispatcher dispatcher;
    private final OperationalWatch operations;
    private final Clock clock;

    SlaWatch(AlertPlanner planner, AlertDispatcher dispatcher, OperationalWatch operations, Clock clock) {
        this.planner = planner;
        this.dispatcher = dispatcher;
        this.operations = operations;
        this.clock = clock;
    }

    public void run() {
        Instant now = clock.instant();
        planner.plan(now);
        dispatcher.dispatch(now);
        operations.check(now);
    }
}
