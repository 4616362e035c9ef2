package io.omniqueue.sandbox.kaufland;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The simulator enforces Kaufland's rules, so a connector that breaks them fails its tests. */
class KauflandSimulatorTest {

    static final String CLIENT = "client-key-32-characters-long-00";
    static final String SECRET = "secret-key";
    static final KauflandSimulator kaufland = KauflandSimulator.start(0, CLIENT, SECRET);
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @AfterAll
    static void stop() {
        kaufland.close();
    }

    record Answer(int status, JsonNode body) {
    }

    static String sign(String secret, String method, String uri, String body, long ts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((method + "\n" + uri + "\n" + body + "\n" + ts).getBytes(StandardCharsets.UTF_8)));
    }

    static Answer call(String method, String pathAndQuery, String body, String secret, long ts) throws Exception {
        String uri = kaufland.baseUrl() + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .header("Accept", "application/json").header("Shop-Client-Key", CLIENT)
                .header("Shop-Timestamp", String.valueOf(ts)).header("Shop-Signature", sign(secret, method, uri, body, ts))
                .header("User-Agent", "Test/1").method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : json.readTree(response.body()));
    }

    static Answer call(String method, String pathAndQuery, String body) throws Exception {
        return call(method, pathAndQuery, body, SECRET, Instant.now().getEpochSecond());
    }

    @Test
    void aCorrectlySignedRequestReadsTicketsWithPaginationTotal() throws Exception {
        String id = kaufland.buyerOpensTicket("de", 21631426, "ORD-1", "Max", "Das Gerät startet nicht.");
        Answer list = call("GET", "/tickets?storefront=de&limit=30&offset=0", "");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("pagination").path("total").asInt()).isPositive();
        Answer one = call("GET", "/tickets/" + id + "?embedded=messages,buyer,order_units", "");
        assertThat(one.body().path("data").path("id_ticket").asText()).isEqualTo(id).startsWith("001");
        assertThat(one.body().path("data").path("messages").get(0).path("author").path("role").asText()).isEqualTo("buyer");
        assertThat(one.body().path("data").path("order_units").get(0).path("id_order").asText()).isEqualTo("ORD-1");
    }

    @Test
    void aWrongSecretIsRefusedAsCorruptedSignature() throws Exception {
        Answer answer = call("GET", "/tickets?limit=10", "", "another-secret", Instant.now().getEpochSecond());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("type").asText()).isEqualTo("/problems/corrupted-signature");
        assertThat(answer.body().path("message").asText()).isEqualTo("Request authentication headers are corrupt");
    }

    @Test
    void aTimestampOutsideFiveMinutesIsRefused() throws Exception {
        Answer answer = call("GET", "/tickets?limit=10", "", SECRET, Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("type").asText()).isEqualTo("/problems/missing-or-invalid-request-header");
    }

    @Test
    void aMissingHeaderIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(kaufland.baseUrl() + "/tickets"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("type").asText()).isEqualTo("/problems/missing-or-invalid-request-header");
    }

    @Test
    void aLimitAboveThirtyIsAValidationError() throws Exception {
        Answer answer = call("GET", "/tickets?limit=31", "");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("type").asText()).isEqualTo("/problems/validation-error");
        assertThat(answer.body().path("errors").get(0).path("field").asText()).isEqualTo("limit");
    }

    @Test
    void aReplyIsStoredWith201AndNoBodyAndAnUnknownFieldIsRefused() throws Exception {
        String id = kaufland.buyerOpensTicket("de", 1, "ORD-2", "Max", "Wo ist mein Paket?");
        assertThat(call("POST", "/tickets/" + id + "/messages", "{\"text\":\"Heute verschickt.\"}").status()).isEqualTo(201);
        assertThat(kaufland.messages(id)).last().satisfies(m -> assertThat(m.role()).isEqualTo("seller"));
        assertThat(kaufland.sellerResponsible(id)).isFalse();
        assertThat(call("POST", "/tickets/" + id + "/messages", "{\"text\":\"x\",\"to\":\"buyer\"}").status()).isEqualTo(400);
        assertThat(call("POST", "/tickets/" + id + "/messages", "{\"text\":\"\"}").body().path("errors").get(0)
                .path("field").asText()).isEqualTo("text");
    }

    @Test
    void closingAnswers204AndKauflandsRefusalsCarryTheirProblemType() throws Exception {
        String id = kaufland.buyerOpensTicket("de", 1, "ORD-3", "Max", "Danke, erledigt.");
        assertThat(call("PATCH", "/tickets/" + id + "/close", "").status()).isEqualTo(204);
        assertThat(kaufland.status(id)).isEqualTo("seller_closed");
        String locked = kaufland.buyerOpensTicket("de", 1, "ORD-4", "Max", "Rücksendung offen");
        kaufland.forbidSellerClose(locked);
        Answer refused = call("PATCH", "/tickets/" + locked + "/close", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("type").asText()).isEqualTo("/problems/tickets/non-closable-by-seller");
    }

    @Test
    void anInjected429HasNoRetryAfterAndKauflandsServerTimeSetsTheWindow() throws Exception {
        kaufland.failNext("GET", "/v2/tickets", 1, 429);
        assertThat(call("GET", "/tickets?limit=5", "").status()).isEqualTo(429);
        assertThat(call("GET", "/tickets?limit=5", "").status()).isEqualTo(200);
        kaufland.setServerClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
        try {
            assertThat(call("GET", "/tickets?limit=5", "").status()).isEqualTo(400);
        } finally {
            kaufland.setServerClock(Clock.system(ZoneOffset.UTC));
        }
    }
}
