package io.omniqueue.sandbox.octopia;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator holds a client to the rules of Octopia's API as the reference gives them. */
class OctopiaSimulatorTest {

    final OctopiaSimulator octopia = OctopiaSimulator.start(0, "client", "secret", "42");
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        octopia.close();
    }

    String token() throws Exception {
        HttpResponse<String> r = post(octopia.tokenUrl(), "grant_type=client_credentials&client_id=client&client_secret=secret",
                "application/x-www-form-urlencoded", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(7200);
        return body.get("access_token").asText();
    }

    HttpResponse<String> get(String pathAndQuery, String token, String seller) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(octopia.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (seller != null) {
            b.header("SellerId", seller);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String body, String type, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("SellerId", "42");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patch(String discussionId, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(octopia.baseUrl() + "/discussions/" + discussionId))
                .header("Authorization", "Bearer " + token).header("SellerId", "42")
                .header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongClientSecretIsRefusedAsKeycloakDoes() throws Exception {
        HttpResponse<String> r = post(octopia.tokenUrl(), "grant_type=client_credentials&client_id=client&client_secret=nope",
                "application/x-www-form-urlencoded", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void everyCallNeedsAValidTokenAndTheSellerIdHeader() throws Exception {
        String token = token();
        assertThat(get("/discussions", null, "42").statusCode()).isEqualTo(401);
        assertThat(get("/discussions", token, null).statusCode()).isEqualTo(400);
        assertThat(get("/discussions", token, "43").statusCode()).isEqualTo(403);
        assertThat(get("/discussions", token, "42").statusCode()).isEqualTo(200);
        octopia.expireTokens();
        assertThat(get("/discussions", token, "42").statusCode()).isEqualTo(401);
    }

    @Test
    void searchingMoreThanSixMonthsBackIsRefusedWithOctopiasProblem() throws Exception {
        String token = token();
        Instant sevenMonths = Instant.now().atOffset(ZoneOffset.UTC).minusMonths(7).toInstant();
        HttpResponse<String> r = get("/discussions?updatedAtMin=" + sevenMonths, token, "42");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("detail").asText()).isEqualTo("The maximum period of research of discussions may not exceed 6 months.");
        assertThat(problem.get("traceId").asText()).startsWith("00-");
        assertThat(get("/discussions?pageSize=101", token, "42").statusCode()).isEqualTo(400);
        assertThat(get("/discussions?pageIndex=0", token, "42").statusCode()).isEqualTo(400);
    }

    @Test
    void pagesAreOneBasedWithALinkToTheNext() throws Exception {
        octopia.seedDiscussions(5, Instant.now().minus(Duration.ofHours(5)), Duration.ofMinutes(1));
        String token = token();
        HttpResponse<String> first = get("/discussions?pageIndex=1&pageSize=2&isOpen=true", token, "42");
        assertThat(json.readTree(first.body()).get("items")).hasSize(2);
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("pageIndex=2").contains("rel=\"next\"");
        HttpResponse<String> last = get("/discussions?pageIndex=3&pageSize=2&isOpen=true", token, "42");
        assertThat(json.readTree(last.body()).get("items")).hasSize(1);
        assertThat(last.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void repliesAreCheckedAndCloseNeedsAnAnswerFirst() throws Exception {
        String id = octopia.openDiscussion("ORD-1", "777", "Cassé", "Le produit est cassé.");
        String token = token();
        assertThat(patch(id, "[{\"op\":\"replace\",\"path\":\"/isOpen\",\"value\":false}]", token).statusCode()).isEqualTo(400);
        String shortBody = "{\"discussionId\":\"" + id + "\",\"body\":\"Merci\",\"receivers\":[{\"userId\":\"777\",\"userType\":\"Customer\"}]}";
        assertThat(post(octopia.baseUrl() + "/messages", shortBody, "application/json", token).statusCode()).isEqualTo(400);
        String otherShape = "{\"discussionId\":\"" + id + "\",\"body\":\"Nous renvoyons un produit neuf.\",\"receiver\":\"Customer\"}";
        assertThat(post(octopia.baseUrl() + "/messages", otherShape, "application/json", token).statusCode()).isEqualTo(400);
        String good = "{\"discussionId\":\"" + id + "\",\"body\":\"Nous renvoyons un produit neuf.\",\"receivers\":[{\"userId\":\"777\",\"userType\":\"Customer\"}]}";
        HttpResponse<String> sent = post(octopia.baseUrl() + "/messages", good, "application/json", token);
        assertThat(sent.statusCode()).isEqualTo(201);
        assertThat(octopia.messages(id)).last().satisfies(m -> {
            assertThat(m.userType()).isEqualTo("Seller");
            assertThat(m.messageId()).isEqualTo(readId(sent.body()));
        });
        assertThat(patch(id, "[{\"op\":\"replace\",\"path\":\"/isOpen\",\"value\":false}]", token).statusCode()).isEqualTo(204);
        assertThat(octopia.isOpen(id)).isFalse();
        // Idempotent: closing a closed discussion is no error.
        assertThat(patch(id, "[{\"op\":\"replace\",\"path\":\"/isOpen\",\"value\":false}]", token).statusCode()).isEqualTo(204);
        octopia.customerWrites(id, "Toujours pas reçu !");
        assertThat(octopia.isOpen(id)).isTrue();
    }

    private String readId(String body) throws Exception {
        return json.readTree(body).get("messageId").asText();
    }
}
