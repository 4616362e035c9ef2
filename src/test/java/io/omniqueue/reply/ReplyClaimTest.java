package io.omniqueue.reply;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's claim rule, driven by hand (the dispatch timer is parked): a reply whose lease ran
 * out while its node was still busy is claimed again by another node, and then
 * only the newer claim sends it.
 */
@SpringBootTest
@Import(TestClockConfiguration.class)
class ReplyClaimTest {

    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        callback.start();
        callback.stubFor(post(urlEqualTo("/callback")).willReturn(aResponse().withStatus(200)));
    }

    @Autowired
    ReplyOutbox outbox;
    @Autowired
    ReplyDispatcher dispatcher;
    @Autowired
    ReplyService replies;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    MutableClock clock;
    @Autowired
    ReplyStore store;
    @Autowired
    TransactionTemplate tx;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(callback.baseUrl()));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:claims;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        // This node does not dispatch: the test claims and sends by hand.
        registry.add("omniqueue.outbox.dispatch", () -> "false");
        registry.add("omniqueue.outbox.lease", () -> "30s");
        // The test's first HTTP request warms the client up: on a busy machine that took over the 1 s of TestChannels.
        registry.add("camel.component.http.so-timeout", () -> "10000");
        registry.add("camel.component.http.response-timeout", () -> "10000");
    }

    @AfterAll
    static void stop() {
        callback.stop();
    }

    @Test
    void replyReclaimedAfterItsLeaseRanOutIsSentOnlyByTheNewClaim() {
        long conversation = producer.requestBody("direct:ingest", InboundMessage.fromCustomer("web-shop", "claim-thread",
                "claim-message", "Ana", null, "Hi", "Hello", clock.instant(), null), IngestResult.class).conversationId();
        long replyId = replies.accept(conversation, "Answer", "agent", null).id();

        List<ClaimedReply> first = outbox.claimDue("web-shop", 20);
        assertThat(first).extracting(ClaimedReply::id).containsExactly(replyId);
        // This node's send is slow and its lease runs out: another node claims the reply.
        clock.advance(Duration.ofSeconds(31));
        List<ClaimedReply> second = outbox.claimDue("web-shop", 20);
        assertThat(second).extracting(ClaimedReply::id).containsExactly(replyId);

        dispatcher.send(first.get(0));
        callback.verify(0, postRequestedFor(urlEqualTo("/callback")));
        dispatcher.send(second.get(0));
        callback.verify(1, postRequestedFor(urlEqualTo("/callback")));
        assertThat(replies.find(replyId).status()).isEqualTo(ReplyStatus.SENT);
    }

    @Test
    void claimedRepliesHandedBackAreDueAgainWithTheirAttemptUndone() {
        // its own channel: the other test's claims of web-shop never see this reply
        long conversation = producer.requestBody("direct:ingest", InboundMessage.fromCustomer(TestChannels.PARIS_SHOP, "release-thread",
                "release-message", "Ana", null, "Hi", "Hello", clock.instant(), null), IngestResult.class).conversationId();
        long replyId = replies.accept(conversation, "Answer", "agent", null).id();
        List<ClaimedReply> claimed = outbox.claimDue(TestChannels.PARIS_SHOP, 20);
        assertThat(claimed).extracting(ClaimedReply::id).containsExactly(replyId);
        assertThat(outbox.claimDue(TestChannels.PARIS_SHOP, 20)).isEmpty();

        // a node stopping with this claim not started yet
        outbox.release(claimed);

        List<ClaimedReply> again = outbox.claimDue(TestChannels.PARIS_SHOP, 20);
        assertThat(again).extracting(ClaimedReply::id).containsExactly(replyId);
        assertThat(again.get(0).attempt()).isEqualTo(1);
        // the old claim is no longer the reply's: it can neither send nor record
        assertThat(again.get(0).claimToken()).isNotEqualTo(claimed.get(0).claimToken());
    }

    @Test
    void claimUnderWayLocksOnlyTheRepliesItTakesSoAnotherNodeClaimsTheNextOnesMeanwhile() throws Exception {
        List<Long> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long conversation = producer.requestBody("direct:ingest", InboundMessage.fromCustomer(TestChannels.PAGING_SHOP,
                    "backlog-thread-" + i, "backlog-message-" + i, "Ana", null, "Hi", "Hello", clock.instant(), null),
                    IngestResult.class).conversationId();
            accepted.add(replies.accept(conversation, "Answer " + i, "agent", null).id());
        }
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch otherNodeDone = new CountDownLatch(1);
        // One node's claim transaction, still open while the other node claims.
        CompletableFuture<List<Long>> first = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            List<Long> ids = store.claimDue(TestChannels.PAGING_SHOP, clock.instant(), 3, clock.instant().plusSeconds(30), "node-a");
            claimed.countDown();
            try {
                otherNodeDone.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ids;
        }));
        assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
        List<ClaimedReply> second;
        try {
            second = outbox.claimDue(TestChannels.PAGING_SHOP, 3);
        } finally {
            otherNodeDone.countDown();
        }

        assertThat(first.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(accepted.subList(0, 3));
        // The oldest replies the first claim does not hold, not nothing (H2 used to lock the whole backlog).
        assertThat(second).extracting(ClaimedReply::id).containsExactlyElementsOf(accepted.subList(3, 6));
        assertThat(outbox.claimDue(TestChannels.PAGING_SHOP, 10)).extracting(ClaimedReply::id)
                .containsExactlyElementsOf(accepted.subList(6, 10));
    }
}
