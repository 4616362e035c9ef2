package io.omniqueue.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.quarantine.QuarantineReplayer;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An operator's corrections and discards through the REST API, the same on every database:
 * subclasses only say which database. The original payload survives whatever is tried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({TestClockConfiguration.class, QuarantineCorrectionsContract.TextSource.class})
abstract class QuarantineCorrectionsContract {

    static final long LIMIT = 1_048_576;
    static final String PROBLEM = "application/problem+json";

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    Quarantine quarantine;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    private Api api;

    static void commonProperties(DynamicPropertyRegistry registry) {
        // Nothing here is ever replied to: the callback only has to be a URL.
        TestChannels.register(registry, TestChannels.properties("http://localhost:9"));
    }

    Api api() {
        if (api == null) {
            api = new Api(port);
        }
        return api;
    }

    /** A message for a channel that does not exist: refused until its channel is corrected. */
    long quarantinedMessage() {
        InboundMessage message = InboundMessage.fromCustomer("no-such-channel", "t-" + UUID.randomUUID(),
                "m-" + UUID.randomUUID(), "Ana", null, "Hi", "Where is my order?", clock.instant(), null);
        IngestResult result = producer.requestBody("direct:ingest", message, IngestResult.class);
        assertThat(result.isQuarantined()).isTrue();
        return result.quarantineId();
    }

    JsonNode entry(long id) {
        Api.Response r = api().get("/api/quarantine/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    Api.Response retry(long id, String body) {
        return api().post("/api/quarantine/" + id + "/retry", body, Map.of("X-Omniqueue-Agent", "marie"));
    }

    Api.Response discard(long id, String body) {
        return api().post("/api/quarantine/" + id + "/discard", body, Map.of("X-Omniqueue-Agent", "marie"));
    }

    /** The original payload with its channel replaced: a correction, good or bad. */
    static String correction(JsonNode entry, String channel) {
        return "{\"payload\":" + entry.get("payload").asText().replace("no-such-channel", channel) + "}";
    }

    long storedRetries(long id) {
        return jdbc.sql("select count(*) from quarantine_retry where quarantine_id = :id").param("id", id)
                .query(Long.class).single();
    }

    static boolean listed(Api.Response list, long id) {
        for (JsonNode item : list.json().get("items")) {
            if (item.get("id").asLong() == id) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- corrections

    @Test
    void aRefusedCorrectionKeepsTheOriginalPayloadAndRecordsTheAttempt() {
        long id = quarantinedMessage();
        JsonNode before = entry(id);
        String original = before.get("payload").asText();

        Api.Response r = retry(id, correction(before, "still-unknown"));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode after = entry(id);
        assertThat(after.get("payload").asText()).isEqualTo(original);
        assertThat(after.get("reason").asText()).isEqualTo(before.get("reason").asText()).contains("no-such-channel");
        assertThat(after.get("status").asText()).isEqualTo("OPEN");
        assertThat(after.get("attempts").asInt()).isEqualTo(2);
        assertThat(after.get("retries")).hasSize(1);
        JsonNode tried = after.get("retries").get(0);
        assertThat(tried.get("correction").asText()).contains("still-unknown").doesNotContain("no-such-channel");
        assertThat(tried.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(tried.get("detail").asText()).contains("still-unknown");
        assertThat(tried.get("attemptedBy").asText()).isEqualTo("api-token-1 (on behalf of marie)");
        assertThat(tried.get("attemptedAt").isNull()).isFalse();
        assertThat(r.json()).isEqualTo(after);
    }

    @Test
    void aRetryWithoutABodyReplaysTheLatestCorrectionElseTheOriginal() {
        long id = quarantinedMessage();
        JsonNode original = entry(id);

        JsonNode asStored = retry(id, null).json();
        assertThat(asStored.get("retries").get(0).get("detail").asText()).contains("no-such-channel");
        assertThat(asStored.get("retries").get(0).get("replayedRetryId").isNull()).isTrue();

        retry(id, correction(original, "unknown-a"));
        JsonNode second = retry(id, correction(original, "unknown-b")).json();
        long latest = second.get("retries").get(2).get("id").asLong();
        Api.Response replay = retry(id, null);

        assertThat(replay.status()).isEqualTo(422);
        JsonNode replayed = replay.json().get("retries").get(3);
        assertThat(replayed.get("correction").isNull()).isTrue();
        assertThat(replayed.get("replayedRetryId").asLong()).isEqualTo(latest);
        assertThat(replayed.get("detail").asText()).contains("unknown-b");

        Api.Response fixed = retry(id, correction(original, TestChannels.WEB_SHOP));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().get("status").asText()).isEqualTo("RESOLVED");
        assertThat(fixed.json().get("resolution").asText()).startsWith("ingested into conversation");
        assertThat(fixed.json().get("payload").asText()).isEqualTo(original.get("payload").asText());
        assertThat(fixed.json().get("retries")).hasSize(5);
        assertThat(fixed.json().get("retries").get(4).get("outcome").asText()).isEqualTo("INGESTED");
        assertThat(fixed.json().get("attempts").asInt()).isEqualTo(6);
    }

    @Test
    void aCorrectionThatIsNotAJsonObjectIs400AndStoresNothing() {
        long id = quarantinedMessage();
        String original = entry(id).get("payload").asText();

        // What the operator sent when the original was lost: a bare number, then a string, then an array.
        for (String payload : List.of("12345", "\"12345\"", "[1,2]")) {
            Api.Response r = retry(id, "{\"payload\":" + payload + "}");
            assertThat(r.status()).as(payload).isEqualTo(400);
            assertThat(r.contentType()).startsWith(PROBLEM);
            assertThat(r.json().get("detail").asText()).contains("payload must be a JSON object");
        }
        assertThat(retry(id, "{\"payload\": {").status()).isEqualTo(400);

        assertThat(storedRetries(id)).isZero();
        assertThat(entry(id).get("payload").asText()).isEqualTo(original);
        assertThat(entry(id).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aCorrectionOverTheLimitIsRefusedWith413AndStoresNothing() {
        long id = quarantinedMessage();
        String original = entry(id).get("payload").asText();
        // Under the bound on the request body (twice the limit), so it is the correction itself that is measured.
        String payload = "{\"channelId\":\"web-shop\",\"body\":\"" + "x".repeat((int) (LIMIT * 3 / 2)) + "\"}";

        Api.Response r = retry(id, "{\"payload\":" + payload + "}");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith(PROBLEM);
        assertThat(r.json().get("detail").asText())
                .contains("is " + payload.length() + " bytes").contains("at most " + LIMIT + " bytes");
        assertThat(storedRetries(id)).isZero();
        assertThat(entry(id).get("payload").asText()).isEqualTo(original);
        assertThat(entry(id).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aCorrectionBodyFarOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        long id = quarantinedMessage();
        // The operator's 19.9 MB, with its Content-Length.
        String huge = "{\"payload\":{\"body\":\"" + "x".repeat(20_000_000) + "\"}}";

        Api.Response declared = retry(id, huge);

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith(PROBLEM);
        assertThat(declared.json().get("detail").asText())
                .contains("request body is " + huge.length() + " bytes").contains("at most " + LIMIT + " bytes");
        assertThat(declared.json().get("status").asInt()).isEqualTo(413);
        assertThat(declared.json().get("instance").asText()).isEqualTo("/api/quarantine/" + id + "/retry");
        assertThat(declared.json().has("properties")).as(declared.body()).isFalse();

        // Chunked: no length is declared, so the reading stops at the bound.
        HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/quarantine/" + id + "/retry"))
                        .header("Authorization", "Bearer " + TestChannels.TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(huge.substring(0, 3_000_000).getBytes(StandardCharsets.UTF_8))))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.body()).contains("over " + 2 * LIMIT + " bytes");

        assertThat(storedRetries(id)).isZero();
        assertThat(entry(id).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aTextSourceTakesItsCorrectionAsAJsonString() {
        String thread = "t-" + UUID.randomUUID();
        long id = quarantine.rejectedPayload(TestChannels.WEB_SHOP, TextSource.SOURCE, "garbled " + thread, "unreadable");

        Api.Response object = retry(id, "{\"payload\":{\"text\":\"web-shop|" + thread + "\"}}");
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.json().get("detail").asText()).contains("payload must be a JSON string");

        Api.Response text = retry(id, "{\"payload\":\"web-shop|" + thread + "\"}");
        assertThat(text.status()).as(text.body()).isEqualTo(200);
        assertThat(text.json().get("payload").asText()).isEqualTo("garbled " + thread);
        assertThat(text.json().get("retries").get(0).get("correction").asText()).isEqualTo("web-shop|" + thread);
    }

    // ---------------------------------------------------------------- discard

    @Test
    void discardNeedsAReasonAndHidesTheEntry() {
        long id = quarantinedMessage();
        for (String body : new String[] {null, "{}", "{\"reason\":\"   \"}", "{\"reason\":\"" + "x".repeat(501) + "\"}"}) {
            Api.Response refused = discard(id, body);
            assertThat(refused.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(refused.contentType()).startsWith(PROBLEM);
            assertThat(refused.json().get("detail").asText()).startsWith("reason");
        }
        assertThat(listed(api().get("/api/quarantine"), id)).isTrue();

        Api.Response r = discard(id, "{\"reason\":\" Test order from the marketplace, never a customer \"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("DISCARDED");
        assertThat(r.json().get("discardedBy").asText()).isEqualTo("api-token-1 (on behalf of marie)");
        assertThat(r.json().get("discardReason").asText()).isEqualTo("Test order from the marketplace, never a customer");
        assertThat(r.json().get("discardedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(listed(api().get("/api/quarantine"), id)).isFalse();
        assertThat(listed(api().get("/api/quarantine?discarded=true"), id)).isTrue();
        assertThat(entry(id).get("payload").asText()).contains("no-such-channel");

        Api.Response twice = discard(id, "{\"reason\":\"again\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.contentType()).startsWith(PROBLEM);
        assertThat(twice.json().get("detail").asText()).contains("discarded").contains("marie");
        Api.Response unknown = discard(987654321L, "{\"reason\":\"gone\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith(PROBLEM);
    }

    @Test
    void retryOfADiscardedEntryIs409() {
        long id = quarantinedMessage();
        discard(id, "{\"reason\":\"duplicate of an e-mail already answered\"}");

        Api.Response r = retry(id, correction(entry(id), TestChannels.WEB_SHOP));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.contentType()).startsWith(PROBLEM);
        assertThat(r.json().get("detail").asText()).contains("was discarded").contains("duplicate of an e-mail");
        assertThat(storedRetries(id)).isZero();
        assertThat(entry(id).get("status").asText()).isEqualTo("DISCARDED");
    }

    @Test
    void retryOrDiscardOfAnIngestedEntryIs409() {
        long id = quarantinedMessage();
        assertThat(retry(id, correction(entry(id), TestChannels.WEB_SHOP)).status()).isEqualTo(200);

        Api.Response again = retry(id, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("already ingested");
        assertThat(discard(id, "{\"reason\":\"too late\"}").status()).isEqualTo(409);
        assertThat(listed(api().get("/api/quarantine"), id)).isFalse();
        assertThat(listed(api().get("/api/quarantine?resolved=true"), id)).isTrue();
        assertThat(api().get("/api/quarantine/987654321").status()).isEqualTo(404);
    }

    /** A source whose payload is raw text, as the mailbox's is: "channel|thread" once corrected. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TextSource {

        static final String SOURCE = "test-text";

        @Bean
        QuarantineReplayer textReplayer(MutableClock clock) {
            return new QuarantineReplayer() {
                @Override
                public String kind() {
                    // A second sort of text payload of the mailbox, as a connector may quarantine several.
                    return "mail";
                }

                @Override
                public String source() {
                    return SOURCE;
                }

                @Override
                public boolean readsText() {
                    return true;
                }

                @Override
                public List<InboundMessage> replay(String channelId, String payload) {
                    String[] parts = payload.split("\\|");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("expected channel|thread");
                    }
                    return List.of(InboundMessage.fromCustomer(parts[0], parts[1], parts[1] + "/1", "Ana", null, "Hi",
                            "Hello", clock.instant(), null));
                }
            };
        }
    }
}
