package io.omniqueue.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.conversation.ConversationEvent;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.ClockRecalculator;
import io.omniqueue.conversation.ConversationLock;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.conversation.OutboundMessages;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replies sent at the same moment are recorded together, one statement per step for all of them
 * ({@link SentReplies#recordTogether}), with the outcome each would have had alone: SENT with the
 * destination's id and a REPLY_SENT event, the reply's message taking that id (a copy the poller
 * stored first giving way), and nothing for a reply whose claim another node took over. Run on H2
 * ({@link RepliesRecordedTogetherOnH2Test}) and on PostgreSQL ({@link RepliesRecordedTogetherOnPostgresTest}):
 * the batch's row counts come from each driver.
 */
@SpringBootTest
@Import(TestClockConfiguration.class)
abstract class RepliesRecordedTogether {

    @Autowired
    SentReplies sentReplies;
    @Autowired
    ReplyOutbox outbox;
    @Autowired
    ReplyStore store;
    @Autowired
    ReplyService replies;
    @Autowired
    ConversationEvents events;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    MutableClock clock;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ConversationLock conversationLock;
    @Autowired
    OutboundMessages outboundMessages;
    @Autowired
    ClockRecalculator clocks;

    static void common(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        // The test records by hand: this node neither claims nor sends on its own.
        registry.add("omniqueue.outbox.dispatch", () -> "false");
        registry.add("omniqueue.alerts.schedule", () -> "0 0 0 1 1 ? 2099");
    }

    record Sent(ClaimedReply reply, String externalMessageId) implements SentReplies.Delivered {
    }

    @Test
    void repliesRecordedTogetherEachGetTheOutcomeTheyWouldHaveHadAlone() {
        String channel = TestChannels.WEB_SHOP;
        long first = open(channel, "together-a");
        long second = open(channel, "together-b");
        long third = open(channel, "together-c");
        long firstReply = replies.accept(first, "Yes", "agent", null).id();
        long firstAgain = replies.accept(first, "And it ships today", "agent", null).id();
        long secondReply = replies.accept(second, "No", "agent", null).id();
        long thirdReply = replies.accept(third, "Maybe", "agent", null).id();
        Map<Long, ClaimedReply> claimed = new java.util.HashMap<>();
        outbox.claimDue(channel, 20).forEach(reply -> claimed.put(reply.id(), reply));
        assertThat(claimed).containsKeys(firstReply, firstAgain, secondReply, thirdReply);
        // Another node took the second conversation's reply over: this node's claim of it is stale.
        outbox.release(List.of(claimed.get(secondReply)));
        assertThat(outbox.claimDue(channel, 20)).extracting(ClaimedReply::id).containsExactly(secondReply);
        // The poller was faster: the third reply's message, as the marketplace lists it, is stored already.
        producer.requestBody("direct:ingest", new InboundMessage(channel, "together-c", "dest-" + thirdReply, Direction.OUTBOUND,
                AuthorRole.SHOP, "Shop", null, "Question", "Maybe", clock.instant(), null, false, null, List.of()), IngestResult.class);
        assertThat(jdbc.sql("select count(*) from message where external_message_id = :id and reply_id is null")
                .param("id", "dest-" + thirdReply).query(Long.class).single()).as("the poller's copy").isEqualTo(1);

        List<Boolean> outcomes = tx.execute(status -> sentReplies.recordTogether(List.of(
                new Sent(claimed.get(firstReply), "dest-" + firstReply),
                new Sent(claimed.get(firstAgain), null),
                new Sent(claimed.get(secondReply), "dest-" + secondReply),
                new Sent(claimed.get(thirdReply), "dest-" + thirdReply)), clock.instant()));

        assertThat(outcomes).containsExactly(true, true, false, true);
        assertThat(replies.find(firstReply)).extracting(ReplyView::status, ReplyView::externalMessageId)
                .containsExactly(ReplyStatus.SENT, "dest-" + firstReply);
        assertThat(replies.find(firstAgain)).extracting(ReplyView::status, ReplyView::externalMessageId)
                .containsExactly(ReplyStatus.SENT, null);
        assertThat(replies.find(secondReply).status()).as("claimed by another node meanwhile").isEqualTo(ReplyStatus.PENDING);
        assertThat(replies.find(thirdReply).status()).isEqualTo(ReplyStatus.SENT);
        assertThat(sentEvents(first)).containsExactlyInAnyOrder("reply " + firstReply + " (attempt 1)", "reply " + firstAgain + " (attempt 1)");
        assertThat(sentEvents(second)).isEmpty();
        assertThat(sentEvents(third)).containsExactly("reply " + thirdReply + " (attempt 1)");
        assertThat(messageIdOfReply(firstReply)).isEqualTo("dest-" + firstReply);
        assertThat(messageIdOfReply(firstAgain)).as("no id given: the placeholder stays").startsWith("omniqueue-reply-");
        assertThat(messageIdOfReply(secondReply)).startsWith("omniqueue-reply-");
        // The copy gave way to the reply's own message: one message with that id, the reply's.
        assertThat(jdbc.sql("select reply_id from message where external_message_id = :id").param("id", "dest-" + thirdReply)
                .query(Long.class).list()).containsExactly(thirdReply);
    }

    @Test
    void repliesSentMomentsApartAreRecordedInOneCommit() throws Exception {
        String channel = TestChannels.WEB_SHOP;
        List<Long> accepted = new ArrayList<>();
        for (String thread : List.of("linger-a", "linger-b", "linger-c")) {
            accepted.add(replies.accept(open(channel, thread), "On its way", "agent", null).id());
        }
        List<ClaimedReply> claimed = outbox.claimDue(channel, 20);
        assertThat(claimed).extracting(ClaimedReply::id).containsAll(accepted);
        AtomicInteger commits = new AtomicInteger();
        TransactionTemplate counting = new TransactionTemplate(transactions) {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                commits.incrementAndGet();
                return super.execute(action);
            }
        };
        // A linger far longer than the hand-overs take, so that a pause of this machine cannot split the batch.
        SentReplies recorder = new SentReplies(store, conversationLock, events, outboundMessages, clocks, counting, clock,
                Duration.ofSeconds(2));
        try {
            List<ClaimedReply> ours = claimed.stream().filter(reply -> accepted.contains(reply.id())).toList();
            List<CompletableFuture<Boolean>> recorded = new ArrayList<>();
            recorded.add(recorder.recordSoon(ours.get(0), "dest-" + ours.get(0).id()));
            // The first waits for company rather than going alone at once.
            await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(commits::get, n -> n == 0);
            ours.subList(1, ours.size()).forEach(reply -> recorded.add(recorder.recordSoon(reply, "dest-" + reply.id())));
            for (var outcome : recorded) {
                assertThat(outcome.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            recorder.destroy();
        }
        assertThat(commits).as("transactions for the three replies").hasValue(1);
        accepted.forEach(id -> assertThat(replies.find(id).status()).isEqualTo(ReplyStatus.SENT));
    }

    private long open(String channel, String thread) {
        return producer.requestBody("direct:ingest", InboundMessage.fromCustomer(channel, thread, thread + "-1", "Ana", null,
                "Question", "Is it in stock?", clock.instant(), null), IngestResult.class).conversationId();
    }

    private List<String> sentEvents(long conversationId) {
        return events.of(conversationId).stream().filter(e -> e.kind() == ConversationEventKind.REPLY_SENT)
                .map(ConversationEvent::detail).toList();
    }

    private String messageIdOfReply(long replyId) {
        return jdbc.sql("select external_message_id from message where reply_id = :id").param("id", replyId)
                .query(String.class).single();
    }
}
