package io.omniqueue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationView;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.reply.ReplyService;
import io.omniqueue.reply.ReplyStatus;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.TestChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Stop the service and start it again on the same database: nothing is lost, nothing doubled. */
class RestartKeepsEverythingTest {

    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void startCallback() {
        callback.start();
    }

    @AfterAll
    static void stopCallback() {
        callback.stop();
    }

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2 file", Map.of("spring.datasource.url", TestChannels.h2File(dataDir, "restart"))),
                Arguments.of("PostgreSQL", Map.of("spring.datasource.url", EmbeddedPostgresDatabases.newDatabaseUrl(),
                        "spring.datasource.username", "postgres", "spring.datasource.password", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void restartKeepsConversationsMessagesClocksAndTheOutbox(String name, Map<String, String> database) {
        String sentThread = "restart-sent-" + name.hashCode();
        String pendingThread = "restart-pending-" + name.hashCode();
        callback.stubFor(post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(sentThread)))
                .willReturn(aResponse().withStatus(200).withBody("{\"messageId\":\"cb-1\"}")));
        callback.stubFor(post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(pendingThread)))
                .willReturn(aResponse().withStatus(503)));
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        InboundMessage question = InboundMessage.fromCustomer("web-shop", sentThread, sentThread + "/m1", "Ana", null, "Hi",
                "Where is it?", sentAt, "ORD-7");
        InboundMessage waiting = InboundMessage.fromCustomer("web-shop", pendingThread, pendingThread + "/m1", "Bo", null,
                "Hi", "Refund?", sentAt, null);

        long sentReply;
        long pendingReply;
        ConversationView before;
        try (ConfigurableApplicationContext first = start(database)) {
            ProducerTemplate producer = first.getBean(ProducerTemplate.class);
            ReplyService replies = first.getBean(ReplyService.class);
            long answered = producer.requestBody("direct:ingest", question, IngestResult.class).conversationId();
            long open = producer.requestBody("direct:ingest", waiting, IngestResult.class).conversationId();
            sentReply = replies.accept(answered, "On its way", "agent", null).id();
            pendingReply = replies.accept(open, "Refund done", "agent", null).id();
            await().atMost(Duration.ofSeconds(15)).until(() -> replies.find(sentReply).status() == ReplyStatus.SENT
                    && replies.find(pendingReply).lastError() != null);
            before = first.getBean(ConversationQueries.class).find(open).orElseThrow();
        }

        callback.stubFor(post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(pendingThread)))
                .willReturn(aResponse().withStatus(200)));
        try (ConfigurableApplicationContext second = start(database)) {
            ProducerTemplate producer = second.getBean(ProducerTemplate.class);
            ReplyService replies = second.getBean(ReplyService.class);
            IngestResult again = producer.requestBody("direct:ingest", question, IngestResult.class);
            assertThat(again.duplicate()).isTrue();

            ConversationView after = second.getBean(ConversationQueries.class).find(before.id()).orElseThrow();
            assertThat(after.clockStartedAt()).isEqualTo(before.clockStartedAt());
            assertThat(after.messages()).hasSameSizeAs(before.messages());
            assertThat(replies.find(sentReply).externalMessageId()).isEqualTo("cb-1");
            // The reply that was still PENDING at the stop is delivered by the new run, once.
            await().atMost(Duration.ofSeconds(15)).until(() -> replies.find(pendingReply).status() == ReplyStatus.SENT);
        }
        callback.verify(1, postRequestedFor(urlEqualTo("/callback"))
                .withRequestBody(matchingJsonPath("$.threadId", equalTo(sentThread))));
    }

    private static ConfigurableApplicationContext start(Map<String, String> database) {
        Map<String, Object> properties = new HashMap<>(TestChannels.properties(callback.baseUrl()));
        properties.putAll(database);
        properties.put("server.port", "0");
        properties.put("omniqueue.outbox.initial-backoff", "200ms");
        // As command-line arguments: they outrank config/channels.yaml, as an operator's would.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(OmniqueueApplication.class).run(args);
    }
}
