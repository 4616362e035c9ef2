package io.omniqueue.metrics;

import java.time.Clock;
import java.time.Instant;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The bean of the {@code metrics-refresh} route: reads the queue's figures from the database into
 * the cache the gauges read, so that a scrape never queries the database. A failed read leaves
 * the previous figures in place (and {@code omniqueue_metrics_age_seconds} growing).
 */
@Component("queueMetricsRefresher")
public class QueueMetricsRefresher {

    private final QueueFiguresQueries queries;
    private final QueueFiguresCache cache;
    private final QueueGauges gauges;
    private final AtRiskSettings atRisk;
    private final Clock clock;

    QueueMetricsRefresher(QueueFiguresQueries queries, QueueFiguresCache cache, QueueGauges gauges, AtRiskSettings atRisk,
                          Clock clock, Environment environment) {
        this.queries = queries;
        this.cache = cache;
        this.gauges = gauges;
        this.atRisk = atRisk;
        this.clock = clock;
        String refresh = environment.getProperty("omniqueue.metrics.refresh", "");
        // Camel's timer reads the raw value and takes an ISO-8601 duration for zero: say so at start-up.
        if (refresh.trim().toUpperCase().startsWith("P")) {
            throw new IllegalStateException("omniqueue.metrics.refresh '" + refresh
                    + "': write it as 15s, 1m... (the Camel timer of routes/metrics.camel.yaml reads it)");
        }
    }

    public void refresh() {
        Instant now = clock.instant();
        QueueFigures figures = queries.read(now, now.plus(atRisk.atRiskLead()));
        cache.update(figures);
        gauges.follow(figures);
    }
}
