package io.omniqueue.bench;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * The bench profile's last step: when the test plan has run, merge the benches' files into
 * {@code target/bench/results.json}. Registered for every JUnit run but does nothing outside the
 * bench profile (which sets {@code bench.summary=true}), so ordinary test runs never touch target/bench.
 */
public class BenchSummaryListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (Boolean.getBoolean("bench.summary")) {
            BenchSummary.merge(Bench.dir());
        }
    }
}
