package io.omniqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.metrics.QueueMetricsRefresher;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.sla.watch.SlaWatch;
import io.omniqueue.support.Api;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.PostgresReads;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SLA watch (every minute) and the metrics refresh (every 15 s) read what changed since their
 * last run, not every open conversation: counted as the rows of {@code conversation} (table and
 * index entries) that one run makes a real PostgreSQL read, from the statistics of the run's own
 * transaction ({@code pg_stat_get_xact_tuples_returned}), with thousands of open conversations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class QueueReadersWorkTest {

    private static final int OPEN = 3_000;
    private static final int CLOSED = 50_000;
    private static final int CHANGED = 20;
    /** Far fewer than the open conversations: a run reads its time windows and the changed rows. */
    private static final long FEW = 300;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    SlaWatch watch;
    @Autowired
    QueueMetricsRefresher metrics;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        // Every statement prepared on the server at its first run and planned for any parameter value:
        // a reader whose bounds are parameters must still read only what changed (a generic plan on
        // PostgreSQL once read every open conversation, every minute, in the SLA watch).
        String url = EmbeddedPostgresDatabases.newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?")
                + "prepareThreshold=1&options=-c%20plan_cache_mode%3Dforce_generic_plan");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        // The test runs the watch and the refresh itself: Quartz and the timer stay out of its counts.
        registry.add("omniqueue.alerts.schedule", () -> "0 0 0 1 1 ? 2099");
        registry.add("omniqueue.metrics.refresh", () -> "1h");
    }

    @Test
    void watchAndMetricsRefreshReadWhatChangedNotEveryOpenConversation() {
        Instant now = clock.instant();
        // Open conversations due from an hour ago to four hours ahead: every one within the watch's longest lead.
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, created_at, last_message_at,
                                          clock_started_at, contract_due_at, due_at)
                select 'web-shop', 'bulk-' || n, 'NEEDS_REPLY', s, s, s, s + interval '24 hours', s + interval '24 hours'
                from (select n, cast(:start as timestamp with time zone) + n * interval '6 seconds' as s
                      from generate_series(1, :open) n) g""")
                .param("start", SqlTime.param(now.minus(Duration.ofHours(25))))
                .param("open", OPEN)
                .update();
        // And the closed history beside them, as a shop has: the table is then too big to scan for a few rows.
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, created_at, last_message_at)
                select 'web-shop', 'closed-' || n, 'CLOSED', :start, :start from generate_series(1, :closed) n""")
                .param("start", SqlTime.param(now.minus(Duration.ofDays(30))))
                .param("closed", CLOSED)
                .update();
        jdbc.sql("analyze conversation").update();

        long firstWatch = rowsRead(watch::run);
        assertThat(firstWatch).as("the first run after start-up reads every open conversation").isGreaterThanOrEqualTo(OPEN);
        // The alert outbox takes its backlog (one alert per open conversation) in batches: let it finish first.
        while (jdbc.sql("select count(*) from sla_alert where status = 'PENDING'").query(Long.class).single() > 0) {
            watch.run();
        }
        // As autovacuum does at a moment of its own: the statistics of sla_alert then put every alert's
        // conversation among the 3,000 first, below the conversations the next alerts are about.
        jdbc.sql("analyze").update();

        clock.advance(Duration.ofMinutes(1));
        assertThat(rowsRead(watch::run)).as("a watch run with nothing changed").isLessThan(FEW);
        assertThat(rowsRead(metrics::refresh)).as("a refresh with nothing changed").isLessThan(10);

        List<Long> changed = new ArrayList<>();
        for (int i = 0; i < CHANGED; i++) {
            changed.add(customerWrote(clock.instant().minus(Duration.ofHours(23))));
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(rowsRead(watch::run)).as("a watch run after %d changes", CHANGED).isLessThan(FEW);
        assertThat(rowsRead(metrics::refresh)).as("a refresh after %d changes", CHANGED).isLessThan(5L * CHANGED);
        // Read, and acted on: each changed conversation, due in an hour, has its one-hour warning.
        assertThat(jdbc.sql("select count(*) from sla_alert where lead_seconds = 3600 and conversation_id in (:ids)")
                .param("ids", changed).query(Long.class).single()).isEqualTo(CHANGED);
    }

    private long rowsRead(Runnable work) {
        return new PostgresReads(jdbc, tx).of("conversation", work);
    }

    private long customerWrote(Instant sentAt) {
        String thread = "t-" + UUID.randomUUID();
        Api.Response r = new Api(port).post("/api/inbound/" + TestChannels.WEB_SHOP,
                Api.webhookMessage(thread, thread + "/m-1", sentAt.toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }
}
