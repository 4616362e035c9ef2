package io.omniqueue.sla.watch;

import io.omniqueue.conversation.QueueChanges;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The bean of {@code routes/sla-watch.camel.yaml}: plans and sends deadline alerts, then checks operational conditions. */
@Component("slaWatch")
public class SlaWatch {

    private static final Logger log = LoggerFactory.getLogger(SlaWatch.class);

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

    /**
     * Plans, sends, checks: each step runs even when an earlier one failed. A plan the database
     * refused (a lock waited on too long, a deadlock) records nothing, being one transaction, and
     * the next run reads from the last mark again; but the warnings planned before it and the mails
     * about a dead mailbox or a failing channel must not wait for it. The first failure is thrown
     * at the end, so the run still counts as failed.
     */
    public void run() {
        Instant now = clock.instant();
        // Taken before the plan reads: a change committed while it runs is read again next time.
        Instant mark = changes.mark();
        RuntimeException failed = attempt("planning deadline warnings", null, () -> {
            planner.plan(now, last);
            last = new WatchMark(now, mark);
        });
        failed = attempt("sending deadline warnings", failed, () -> dispatcher.dispatch(now));
        failed = attempt("checking channels and replies", failed, () -> operations.check(now));
        if (failed != null) {
            throw failed;
        }
    }

    private static RuntimeException attempt(String step, RuntimeException earlier, Runnable work) {
        try {
            work.run();
            return earlier;
        } catch (RuntimeException e) {
            if (earlier == null) {
                return e;
            }
            // Logged here: only the first failure reaches the route's error handler.
            log.warn("SLA watch: {} failed too: {}", step, e.toString());
            earlier.addSuppressed(e);
            return earlier;
        }
    }
}
