package io.omniqueue.channel.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.SourceException;
import io.omniqueue.sla.SlaPolicy;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The daily call budget on a real PostgreSQL: counted per UTC day, shared by nodes, never overspent by a race. */
class EbayCallBudgetOnPostgresTest {

    static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(EmbeddedPostgresDatabases.newDatabaseUrl(), "postgres", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
    }

    static Channel channel(String id, int budget) {
        return new Channel(new ChannelSettings(id, "ebay", null, null, null, "ebay.es"),
                new EbaySettings(null, null, "id", "secret", "refresh", "shop", null, budget, null, null, null, null),
                "ebay.es", SlaPolicy.wallClock(Duration.ofHours(24)), Map.of());
    }

    @Test
    void aSpentBudgetRefusesUntilTheNextUtcMidnightOnEveryNode() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T22:00:00Z"));
        Channel channel = channel("ebay-day", 3);
        EbayCallBudget node1 = new EbayCallBudget(jdbc, clock);
        EbayCallBudget node2 = new EbayCallBudget(jdbc, clock);
        node1.take(channel);
        node2.take(channel);
        node1.take(channel);
        assertThatThrownBy(() -> node2.take(channel)).isInstanceOfSatisfying(SourceException.RateLimited.class,
                limited -> assertThat(limited.retryAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(node1.status(channel)).containsEntry("callsToday", 3).containsEntry("callsLeftToday", 0);

        clock.advance(Duration.ofHours(2));
        node2.take(channel);
        assertThat(node1.status(channel)).containsEntry("callsToday", 1)
                .containsEntry("budgetResetsAt", Instant.parse("2026-12-02T00:00:00Z"));
    }

    @Test
    void racingCallsNeverSpendMoreThanTheBudget() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        Channel channel = channel("ebay-race", 50);
        EbayCallBudget budget = new EbayCallBudget(jdbc, clock);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<Void> call = () -> {
                try {
                    budget.take(channel);
                } catch (SourceException.RateLimited e) {
                    refused.incrementAndGet();
                }
                return null;
            };
            for (Future<Void> f : pool.invokeAll(IntStream.range(0, 80).mapToObj(i -> call).toList())) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(refused.get()).isEqualTo(30);
        assertThat(budget.status(channel)).containsEntry("callsToday", 50);
    }
}
