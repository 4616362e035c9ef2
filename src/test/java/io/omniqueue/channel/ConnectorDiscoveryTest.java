package io.omniqueue.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.Api;
import io.omniqueue.support.TestChannels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A connector that exists only in this test, declared as beans the way a real one declares itself,
 * runs in the whole service: its channel is configured with its own key, listed, fed and answered.
 * No main class names it, so kinds are discovered, not enumerated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ConnectorDiscoveryTest.PigeonConnector.class)
class ConnectorDiscoveryTest {

    /** The pigeon kind's own key, bound from the channel's entry like any other connector's. */
    record PigeonSettings(String loft) {
    }

    static final List<String> delivered = new CopyOnWriteArrayList<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class PigeonConnector {

        @Bean
        ChannelKind<PigeonSettings> pigeonKind() {
            return new ChannelKind<>() {
                @Override
                public String name() {
                    return "pigeon";
                }

                @Override
                public Class<PigeonSettings> settingsType() {
                    return PigeonSettings.class;
                }

                @Override
                public Set<ConnectorPart> parts() {
                    return Set.of(ConnectorPart.REPLY_SENDER);
                }

                @Override
                public List<String> problems(PigeonSettings settings) {
                    return settings.loft() == null ? List.of("loft is required") : List.of();
                }
            };
        }

        @Bean
        ReplySender pigeonSender() {
            return new ReplySender() {
                @Override
                public String kind() {
                    return "pigeon";
                }

                @Override
                public List<String> validate(Channel channel, ReplyDraft draft) {
                    return draft.body().length() > 40 ? List.of("a pigeon carries at most 40 characters") : List.of();
                }

                @Override
                public SendOutcome send(Channel channel, OutgoingReply reply) {
                    delivered.add(channel.settings(PigeonSettings.class).loft() + ": " + reply.body());
                    return new SendOutcome.Sent("pigeon-" + reply.replyId());
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:discovery;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("omniqueue.channels[3].id", () -> "pigeon-post");
        registry.add("omniqueue.channels[3].kind", () -> "pigeon");
        registry.add("omniqueue.channels[3].loft", () -> "north-tower");
        registry.add("omniqueue.channels[3].marketplace", () -> "village");
    }

    @Test
    void aKindDeclaredOnlyAsBeansIsConfiguredListedFedAndAnswered() {
        Api api = new Api(port);
        Api.Response channel = api.get("/api/channels/pigeon-post");
        assertThat(channel.status()).as(channel.body()).isEqualTo(200);
        assertThat(channel.json().get("kind").asText()).isEqualTo("pigeon");

        long conversation = producer.requestBody("direct:ingest", InboundMessage.fromCustomer("pigeon-post", "coop-1",
                "coop-1/1", "Ana", null, "Hello", "Is the parcel coming by air?", Instant.now(), null),
                IngestResult.class).conversationId();
        assertThat(api.get("/api/conversations/" + conversation).json().get("marketplace").asText()).isEqualTo("village");

        Api.Response tooLong = api.post("/api/conversations/" + conversation + "/replies",
                "{\"body\":\"" + "x".repeat(41) + "\"}");
        assertThat(tooLong.status()).as("the kind's own limit").isEqualTo(422);
        Api.Response reply = api.post("/api/conversations/" + conversation + "/replies", "{\"body\":\"Yes, tomorrow.\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        long replyId = reply.json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "SENT".equals(api.get("/api/replies/" + replyId).json().get("status").asText()));
        assertThat(delivered).containsExactly("north-tower: Yes, tomorrow.");
    }
}
