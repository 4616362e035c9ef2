package io.omniqueue.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.platform.SqlTime;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.PostgresReads;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reply outbox's readers on a real PostgreSQL read the replies' conversations by key, whatever
 * the statistics say: counted as the entries of {@code conversation}'s indexes and the rows of any
 * sequential scan of it that a read makes PostgreSQL return, with the statistics of a shop whose
 * earlier replies all went to older conversations than the ones answered now (a join was planned
 * as a merge join over the whole conversation key then).
 */
@SpringBootTest
@Import(TestClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplyClaimReadsTest {

    private static final int CONVERSATIONS = 50_000;
    private static final int EARLIER_REPLIES = 2_000;
    private static final int NEW_REPLIES = 40;

    @Autowired
    ReplyOutbox outbox;
    @Autowired
    ReplyService replies;
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

    @BeforeAll
    void aShopWhoseEarlierRepliesWentToItsOldestConversations() {
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, created_at, last_message_at)
                select 'web-shop', 'old-' || n, 'CLOSED', :at, :at from generate_series(1, :n) n""")
                .param("at", SqlTime.param(clock.instant()))
                .param("n", CONVERSATIONS)
                .update();
        jdbc.sql("""
                insert into reply (conversation_id, channel_id, body, status, next_attempt_at, created_at, sent_at)
                select c.id, 'web-shop', 'Thanks', 'SENT', :at, :at, :at from conversation c order by c.id limit :n""")
                .param("at", SqlTime.param(clock.instant()))
                .param("n", EARLIER_REPLIES)
                .update();
        jdbc.sql("analyze").update();
    }

    @Test
    void claimReadsEachClaimedReplysConversationByKeyNotTheWholeTable() {
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < NEW_REPLIES; i++) {
            threads.add(newConversationWithReply("claim-" + i, "NEEDS_REPLY", "PENDING"));
        }

        AtomicReference<List<ClaimedReply>> claimed = new AtomicReference<>();
        long read = conversationRowsRead(() -> claimed.set(outbox.claimDue("web-shop", NEW_REPLIES)));

        assertThat(claimed.get()).extracting(ClaimedReply::externalThreadId).containsExactlyInAnyOrderElementsOf(threads);
        // One key lookup per reply (its index entry; a heap fetch is not counted), with room to spare.
        assertThat(read).as("conversation rows read by a claim of %d replies", NEW_REPLIES).isLessThanOrEqualTo(2L * NEW_REPLIES);
    }

    @Test
    void failedRepliesAwaitingAnswerAreReadByKeyAndOnlyWhereTheConversationStillWaits() {
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < NEW_REPLIES; i++) {
            newConversationWithReply("failed-" + i, i % 2 == 0 ? "NEEDS_REPLY" : "CLOSED", "FAILED");
        }
        jdbc.sql("select r.id from reply r join conversation c on c.id = r.conversation_id "
                        + "where c.external_thread_id like 'failed-%' and c.status = 'NEEDS_REPLY'")
                .query(Long.class).list().forEach(waiting::add);

        AtomicReference<List<FailedReply>> failed = new AtomicReference<>();
        long read = conversationRowsRead(() -> failed.set(replies.failedAwaitingAnswer(clock.instant().minus(Duration.ofHours(1)))));

        assertThat(failed.get()).extracting(FailedReply::id).containsExactlyInAnyOrderElementsOf(waiting).hasSize(NEW_REPLIES / 2);
        assertThat(read).as("conversation rows read for %d failed replies", NEW_REPLIES).isLessThanOrEqualTo(2L * NEW_REPLIES);
    }

    private String newConversationWithReply(String thread, String conversationStatus, String replyStatus) {
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, created_at, last_message_at)
                values ('web-shop', :thread, :status, :at, :at)""")
                .param("thread", thread)
                .param("status", conversationStatus)
                .param("at", SqlTime.param(clock.instant()))
                .update();
        jdbc.sql("""
                insert into reply (conversation_id, channel_id, body, status, next_attempt_at, created_at, last_error)
                select id, 'web-shop', 'Here is your answer', :status, :at, :at, 'refused' from conversation
                where external_thread_id = :thread""")
                .param("thread", thread)
                .param("status", replyStatus)
                .param("at", SqlTime.param(clock.instant()))
                .update();
        return thread;
    }

    private long conversationRowsRead(Runnable work) {
        return new PostgresReads(jdbc, tx).of("conversation", work);
    }
}
