package io.omniqueue.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.platform.SqlTime;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.PostgresReads;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A claim of the reply outbox on a real PostgreSQL reads the claimed replies' conversations by key,
 * whatever the statistics say: counted as the rows of {@code conversation} (table and index entries)
 * the claim makes PostgreSQL read, with the statistics of a shop whose earlier replies all went to
 * older conversations than the ones answered now (a join was planned as a merge join over the whole
 * conversation key then).
 */
@SpringBootTest
@Import(TestClockConfiguration.class)
class ReplyClaimReadsTest {

    private static final int CONVERSATIONS = 50_000;
    private static final int EARLIER_REPLIES = 2_000;
    private static final int NEW_REPLIES = 40;

    @Autowired
    ReplyOutbox outbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        EmbeddedPostgresDatabases.register(registry);
        // This node does not dispatch: the test claims by hand.
        registry.add("omniqueue.outbox.dispatch", () -> "false");
    }

    @Test
    void claimReadsEachClaimedReplysConversationByKeyNotTheWholeTable() {
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, created_at, last_message_at)
                select 'web-shop', 'old-' || n, 'CLOSED', :at, :at from generate_series(1, :n) n""")
                .param("at", SqlTime.param(clock.instant()))
                .param("n", CONVERSATIONS)
                .update();
        // Every earlier reply went to one of the oldest conversations, and the statistics say so.
        jdbc.sql("""
                insert into reply (conversation_id, channel_id, body, status, next_attempt_at, created_at, sent_at)
                select c.id, 'web-shop', 'Thanks', 'SENT', :at, :at, :at from conversation c order by c.id limit :n""")
                .param("at", SqlTime.param(clock.instant()))
                .param("n", EARLIER_REPLIES)
                .update();
        jdbc.sql("analyze").update();
        // Then customers write, and each new conversation gets its answer.
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < NEW_REPLIES; i++) {
            String thread = "new-" + i;
            threads.add(thread);
            jdbc.sql("""
                    insert into conversation (channel_id, external_thread_id, status, created_at, last_message_at)
                    values ('web-shop', :thread, 'NEEDS_REPLY', :at, :at)""")
                    .param("thread", thread)
                    .param("at", SqlTime.param(clock.instant()))
                    .update();
            jdbc.sql("""
                    insert into reply (conversation_id, channel_id, body, status, next_attempt_at, created_at)
                    select id, 'web-shop', 'Here is your answer', 'PENDING', :at, :at from conversation
                    where external_thread_id = :thread""")
                    .param("thread", thread)
                    .param("at", SqlTime.param(clock.instant()))
                    .update();
        }

        AtomicReference<List<ClaimedReply>> claimed = new AtomicReference<>();
        long read = new PostgresReads(jdbc, tx).of("conversation", () -> claimed.set(outbox.claimDue("web-shop", NEW_REPLIES)));

        assertThat(claimed.get()).extracting(ClaimedReply::externalThreadId).containsExactlyInAnyOrderElementsOf(threads);
        // One key lookup per reply: the row and its index entry.
        assertThat(read).as("conversation rows read by a claim of %d replies", NEW_REPLIES).isLessThanOrEqualTo(2L * NEW_REPLIES);
    }
}
