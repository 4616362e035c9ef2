package io.omniqueue.sandbox.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The eBay simulator enforces the rules of eBay's Commerce Message API and OAuth, so a connector that breaks them fails. */
class EbaySimulatorTest {

    static final EbaySimulator ebay = EbaySimulator.start(0, "app-id", "app-secret", "refresh-1", "acme-shop");
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("app-id:app-secret".getBytes(StandardCharsets.UTF_8));

    record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {
        int errorId() {
            return body.path("errors").path(0).path("errorId").asInt();
        }
    }

    @AfterAll
    static void stop() {
        ebay.close();
    }

    static Answer send(String method, String path, String authorization, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ebay.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = response.body() == null || response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        return new Answer(response.statusCode(), node, response.headers());
    }

    static Answer token(String authorization, String refreshToken) throws Exception {
        return send("POST", "/identity/v1/oauth2/token", authorization, "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=" + refreshToken);
    }

    static String bearer() throws Exception {
        return "Bearer " + token(BASIC, "refresh-1").body().get("access_token").asText();
    }

    static Answer get(String pathAndQuery) throws Exception {
        return send("GET", "/commerce/message/v1" + pathAndQuery, bearer(), null, null);
    }

    static Answer post(String path, String body) throws Exception {
        return send("POST", "/commerce/message/v1" + path, bearer(), "application/json", body);
    }

    @Test
    void refreshGrantGivesATwoHourUserTokenOnlyToTheRightClientAndRefreshToken() throws Exception {
        Answer ok = token(BASIC, "refresh-1");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("expires_in").asInt()).isEqualTo(7200);
        assertThat(ok.body().get("token_type").asText()).isEqualTo("User Access Token");

        Answer badClient = token("Basic " + Base64.getEncoder().encodeToString("app-id:wrong".getBytes()), "refresh-1");
        assertThat(badClient.status()).isEqualTo(401);
        assertThat(badClient.body().get("error").asText()).isEqualTo("invalid_client");

        Answer badGrant = token(BASIC, "someone-elses");
        assertThat(badGrant.status()).isEqualTo(400);
        assertThat(badGrant.body().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void anExpiredOrUnknownTokenIs401WithErrorId1001() throws Exception {
        Answer unknown = send("GET", "/commerce/message/v1/conversation?conversation_type=FROM_MEMBERS", "Bearer nope", null, null);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errorId()).isEqualTo(1001);

        EbaySimulator short1 = EbaySimulator.start(0, "a", "b", "r", "s");
        try {
            Instant start = Instant.parse("2026-11-30T08:00:00Z");
            short1.setClock(Clock.fixed(start, ZoneOffset.UTC));
            String token = json.readTree(http.send(HttpRequest.newBuilder(URI.create(short1.tokenUrl()))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes()))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=r")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
            HttpRequest list = HttpRequest.newBuilder(URI.create(short1.baseUrl()
                    + "/commerce/message/v1/conversation?conversation_type=FROM_MEMBERS")).header("Authorization", "Bearer " + token).build();
            assertThat(http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            short1.setClock(Clock.fixed(start.plus(Duration.ofHours(2)), ZoneOffset.UTC));
            assertThat(http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        } finally {
            short1.close();
        }
    }

    @Test
    void pagingRulesAreEBaysLimitAtMost50AndOffsetAMultipleOfLimit() throws Exception {
        assertThat(get("/conversation?conversation_type=FROM_MEMBERS&limit=51").errorId()).isEqualTo(355009);
        assertThat(get("/conversation?conversation_type=FROM_MEMBERS&limit=10&offset=15").errorId()).isEqualTo(355008);
        assertThat(get("/conversation?limit=10").errorId()).isEqualTo(355017);
        assertThat(get("/conversation?conversation_type=FROM_MEMBERS&start_time=2026-11-30").errorId()).isEqualTo(355005);
        Answer ok = get("/conversation?conversation_type=FROM_MEMBERS&limit=10&offset=20");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("limit").asInt()).isEqualTo(10);
    }

    @Test
    void conversationsAreListedFromStartTimeWithNextWhileMorePagesExist() throws Exception {
        EbaySimulator own = EbaySimulator.start(0, "app-id", "app-secret", "refresh-1", "acme-shop");
        try {
            own.seedConversations(5, Instant.parse("2026-11-29T10:00:00Z"), Duration.ofMinutes(10));
            String token = "Bearer " + json.readTree(http.send(HttpRequest.newBuilder(URI.create(own.tokenUrl()))
                    .header("Authorization", BASIC)
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=refresh-1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
            JsonNode first = json.readTree(http.send(HttpRequest.newBuilder(URI.create(own.baseUrl()
                    + "/commerce/message/v1/conversation?conversation_type=FROM_MEMBERS&limit=2&start_time=2026-11-29T10:15:00.000Z"))
                    .header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(first.get("total").asInt()).isEqualTo(3);
            assertThat(first.get("next").asText()).contains("offset=2&limit=2");
            // newest activity first
            assertThat(first.get("conversations").get(0).get("latestMessage").get("messageBody").asText()).isEqualTo("Question 4 about the item");
            JsonNode last = json.readTree(http.send(HttpRequest.newBuilder(URI.create(first.get("next").asText()))
                    .header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(last.get("conversations")).hasSize(1);
            assertThat(last.has("next")).isFalse();
        } finally {
            own.close();
        }
    }

    @Test
    void getConversationListsTheNewestMessageFirst() throws Exception {
        String id = ebay.buyerAsks("ibrkha-3737", "405955487848", "Is this still available?", Instant.now().minusSeconds(60));
        ebay.sellerWritesOnEbay(id, "Yes, it ships today.");
        Answer detail = get("/conversation/" + id + "?conversation_type=FROM_MEMBERS");
        assertThat(detail.body().get("messages").get(0).get("messageBody").asText()).isEqualTo("Yes, it ships today.");
        assertThat(detail.body().get("messages").get(1).get("senderUsername").asText()).isEqualTo("ibrkha-3737");
        assertThat(detail.body().get("conversationTitle").asText()).isEqualTo("Question about item 405955487848");
        assertThat(get("/conversation/999?conversation_type=FROM_MEMBERS").errorId()).isEqualTo(355007);
    }

    @Test
    void sendMessageRefusesLongTextAndHtmlAndUpdateConversationMarksRead() throws Exception {
        String id = ebay.buyerAsks("buyer-x", "405955487849", "¿Talla M?");
        Answer tooLong = post("/send_message", json.createObjectNode().put("conversationId", id)
                .put("messageText", "a".repeat(2001)).toString());
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorId()).isEqualTo(355013);
        Answer html = post("/send_message", "{\"conversationId\":\"" + id + "\",\"messageText\":\"<b>Hola</b>\"}");
        assertThat(html.status()).isEqualTo(400);
        assertThat(html.errorId()).isEqualTo(2004);

        Answer sent = post("/send_message", "{\"conversationId\":\"" + id + "\",\"messageText\":\"Sí, talla M.\"}");
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.body().get("senderUserName").asText()).isEqualTo("acme-shop");
        assertThat(ebay.messages(id)).extracting(EbayMessage::text).containsExactly("¿Talla M?", "Sí, talla M.");

        assertThat(ebay.isRead(id)).isFalse();
        assertThat(post("/update_conversation", "{\"conversationId\":\"" + id + "\",\"read\":true}").errorId()).isEqualTo(355017);
        assertThat(post("/update_conversation", "{\"conversationId\":\"" + id + "\",\"conversationType\":\"FROM_MEMBERS\",\"read\":true}")
                .status()).isEqualTo(204);
        assertThat(ebay.isRead(id)).isTrue();
    }

    @Test
    void injected429IsErrorId2001WithoutRetryAfter() throws Exception {
        String token = bearer();
        ebay.failNext("GET", "/commerce/message/v1/conversation", 1, 429);
        Answer limited = send("GET", "/commerce/message/v1/conversation?conversation_type=FROM_MEMBERS", token, null, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorId()).isEqualTo(2001);
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        assertThat(send("GET", "/commerce/message/v1/conversation?conversation_type=FROM_MEMBERS", token, null, null).status())
                .isEqualTo(200);
    }

    @Test
    void revokedRefreshTokenIsInvalidGrant() throws IOException, Exception {
        EbaySimulator own = EbaySimulator.start(0, "app-id", "app-secret", "refresh-1", "acme-shop");
        try {
            own.revokeRefreshToken();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(own.tokenUrl()))
                    .header("Authorization", BASIC)
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=refresh-1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid_grant");
        } finally {
            own.close();
        }
    }
}
