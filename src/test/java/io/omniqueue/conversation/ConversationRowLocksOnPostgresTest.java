package io.omniqueue.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.platform.SqlTime;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.TestChannels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conversation row lock that every write path takes first must not block a row that merely
 * references the conversation. The SLA watch inserts its alert rows for many conversations at once,
 * each insert taking PostgreSQL's key-share lock on its conversation through the foreign key; a
 * group commit of the ingest locks several conversations one after the other. With {@code FOR UPDATE}
 * the two waited on each other (found by the ingest bench: "deadlock detected", the watch's run
 * rolled back, and under a steady ingest again the next minute). {@code FOR NO KEY UPDATE} still
 * makes the writers of one conversation take turns.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationRowLocksOnPostgresTest {

    @Autowired
    MessageIngestor ingestor;
    @Autowired
    ConversationLock lock;
    @Autowired
    ConversationStore store;
    @Autowired
    ClockRecalculator clocks;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        EmbeddedPostgresDatabases.register(registry);
        registry.add("omniqueue.alerts.schedule", () -> "0 0 0 1 1 ? 2099");
    }

    static Stream<Arguments> writePathLocks() {
        return Stream.of(
                Arguments.of("the lock of every write path (replies, assignment, closing, erasure)",
                        (LockTaker) (test, c) -> test.lock.acquire(c.id())),
                Arguments.of("the ingest's lock of a thread", (LockTaker) (test, c) -> test.store.lockConversation(TestChannels.WEB_SHOP, c.thread())),
                Arguments.of("the clock's recomputation", (LockTaker) (test, c) -> test.clocks.recompute(c.id())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writePathLocks")
    void aConversationLockedForWritingStillTakesAlertRowsOfOtherTransactions(String name, LockTaker taker) throws Exception {
        Opened conversation = open();
        tx.executeWithoutResult(status -> {
            taker.take(this, conversation);
            // Another transaction (the SLA watch) records an alert for it meanwhile: it must not wait.
            CompletableFuture<Void> alert = CompletableFuture.runAsync(() -> insertAlert(conversation.id()));
            assertThat(alert).as("the alert insert while %s is held", name).succeedsWithin(java.time.Duration.ofSeconds(30));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writePathLocks")
    void twoWritersOfOneConversationStillTakeTurns(String name, LockTaker taker) throws Exception {
        Opened conversation = open();
        tx.executeWithoutResult(status -> {
            taker.take(this, conversation);
            assertThat(lockedElsewhere(conversation.id()))
                    .as("a second writer's lock while %s is held", name).isTrue();
        });
        assertThat(lockedElsewhere(conversation.id())).as("once the first writer committed").isFalse();
    }

    private Opened open() {
        String thread = "locks-" + UUID.randomUUID();
        Instant sentAt = Instant.now().minus(1, ChronoUnit.HOURS);
        IngestResult result = ingestor.ingest(InboundMessage.fromCustomer(TestChannels.WEB_SHOP, thread, thread + "-1",
                "Ada", "ada@example.com", "Where is my parcel?", "Hello, where is it?", sentAt, null));
        return new Opened(result.conversationId(), thread);
    }

    /** What the SLA watch's insert does to the conversation row: a key-share lock through the foreign key. */
    private void insertAlert(long conversationId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement timeout = c.prepareStatement("set local lock_timeout = '5s'")) {
                timeout.execute();
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into sla_alert (conversation_id, channel_id, clock_started_at, lead_seconds, due_at, status, created_at)
                    values (?, ?, ?, 3600, ?, 'PENDING', ?)""")) {
                Object now = SqlTime.param(Instant.now());
                insert.setLong(1, conversationId);
                insert.setString(2, TestChannels.WEB_SHOP);
                insert.setObject(3, now);
                insert.setObject(4, now);
                insert.setObject(5, now);
                insert.executeUpdate();
            }
            c.rollback();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether another transaction's write lock on the conversation has to wait (tried without waiting). */
    private boolean lockedElsewhere(long conversationId) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement select = c.prepareStatement(
                        "select id from conversation where id = ? for no key update nowait")) {
                    select.setLong(1, conversationId);
                    select.executeQuery().close();
                    return false;
                } catch (java.sql.SQLException locked) {
                    assertThat(locked.getSQLState()).as("lock_not_available").isEqualTo("55P03");
                    return true;
                } finally {
                    c.rollback();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }).orTimeout(30, TimeUnit.SECONDS).join();
    }

    record Opened(long id, String thread) {
    }

    @FunctionalInterface
    interface LockTaker {
        void take(ConversationRowLocksOnPostgresTest test, Opened conversation);
    }
}
