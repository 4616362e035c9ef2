package io.omniqueue.reply;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.TestChannels;
import java.time.Duration;
import java.time.Instant;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.jayway.jsonpath.JsonPath;
import io.omniqueue.conversation.ConversationEventKind;
import io.omniqueue.conversation.ConversationEvents;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One channel's receiver hangs for the full HTTP timeout; another answers at once. The hanging one
 * holds only its own channel's sends in flight, and replies move without waiting for the timer.
 */
@SpringBootTest
class ReplyDispatchIsolationTest {

    static final int ORDER_DELAY_MILLIS = 300;
    static final WireMockServer receivers = new WireMockServer(options().dynamicPort().containerThreads(40));

    static {
        receivers.start();
        receivers.stubFor(post(urlEqualTo("/callback")).willReturn(aResponse().withStatus(200)));
        // Longer than the HTTP timeout below: every call to it waits the full 15 s.
        receivers.stubFor(post(urlEqualTo("/paging")).willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));
        // Slow enough that a second send of one conversation, if started early, would overlap the first.
        receivers.stubFor(post(urlEqualTo("/paris")).willReturn(aResponse().withStatus(200).withFixedDelay(ORDER_DELAY_MILLIS)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messageId\":\"paris-{{jsonPath request.body '$.replyId'}}\"}").withTransformers("response-template")));
    }

    @Autowired
    ReplyService replies;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ConversationEvents events;
    @Autowired
    ConversationQueries conversations;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(receivers.baseUrl()));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:dispatch-isolation;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        // The shipped timeouts, and a timer that never ticks during the test: only new replies and
        // finished sends can start a claim.
        registry.add("camel.component.http.so-timeout", () -> "15000");
        registry.add("camel.component.http.response-timeout", () -> "15000");
        registry.add("omniqueue.outbox.poll-delay", () -> "1h");
        registry.add("omniqueue.outbox.per-channel-sends", () -> "4");
    }

    @AfterAll
    static void stop() {
        receivers.stop();
    }

    long conversation(String channel) {
        String thread = UUID.randomUUID().toString();
        return producer.requestBody("direct:ingest", InboundMessage.fromCustomer(channel, thread, thread, "Ana", null, "Hi",
                "Where is my parcel?", Instant.now(), null), IngestResult.class).conversationId();
    }

    @Test
    void aHangingReceiverDelaysOnlyItsOwnChannel() {
        List<Long> stuck = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stuck.add(replies.accept(conversation(TestChannels.PAGING_SHOP), "Answer " + i, "agent", null).id());
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> receivers.findAll(postRequestedFor(urlEqualTo("/paging"))).size() == 4);

        long healthy = replies.accept(conversation(TestChannels.WEB_SHOP), "On its way", "agent", null).id();

        await().atMost(Duration.ofSeconds(3)).until(() -> replies.find(healthy).status() == ReplyStatus.SENT);
        // The hanging channel never has more than its own four sends out; the other four wait their turn.
        assertThat(receivers.findAll(postRequestedFor(urlEqualTo("/paging")))).hasSize(4);
        assertThat(stuck).allSatisfy(id -> assertThat(replies.find(id).status()).isEqualTo(ReplyStatus.PENDING));
    }

    @Test
    void repliesAreSentWithoutWaitingForTheTimer() {
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sent.add(replies.accept(conversation(TestChannels.WEB_SHOP), "Answer " + i, "agent", null).id());
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sent.stream().allMatch(id -> replies.find(id).status() == ReplyStatus.SENT));
    }

    @Test
    void repliesOfOneConversationGoOutOneAfterAnotherInTheOrderAccepted() {
        long conversation = conversation(TestChannels.PARIS_SHOP);
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accepted.add(replies.accept(conversation, "Answer " + i, "agent", null).id());
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> accepted.stream().allMatch(id -> replies.find(id).status() == ReplyStatus.SENT));

        List<LoggedRequest> requests = receivers.findAll(postRequestedFor(urlEqualTo("/paris"))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(requests).extracting(r -> Long.parseLong(JsonPath.read(r.getBodyAsString(), "$.replyId").toString()))
                .containsExactlyElementsOf(accepted);
        for (int i = 1; i < requests.size(); i++) {
            // each send starts only once the receiver answered the one before
            assertThat(requests.get(i).getLoggedDate().getTime() - requests.get(i - 1).getLoggedDate().getTime())
                    .isGreaterThanOrEqualTo(ORDER_DELAY_MILLIS - 10L);
        }
        assertThat(accepted).allSatisfy(id -> assertThat(replies.find(id).externalMessageId()).isEqualTo("paris-" + id));
    }

    @Test
    void everyReplyOfABurstIsRecordedSentExactlyOnce() {
        List<Long> conversationIds = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long conversation = conversation(TestChannels.WEB_SHOP);
            conversationIds.add(conversation);
            sent.add(replies.accept(conversation, "Burst " + i, "agent", null).id());
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sent.stream().allMatch(id -> replies.find(id).status() == ReplyStatus.SENT));

        assertThat(sent).allSatisfy(id -> assertThat(replies.find(id).attempts()).isEqualTo(1));
        assertThat(conversationIds).allSatisfy(id -> {
            assertThat(events.of(id)).filteredOn(e -> e.kind() == ConversationEventKind.REPLY_SENT).hasSize(1);
            assertThat(conversations.find(id).orElseThrow().status()).isEqualTo(ConversationStatus.WAITING_CUSTOMER);
        });
    }
}
