package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.support.Api;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.RestartableService;
import io.omniqueue.support.TestChannels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes on one PostgreSQL, each agent on a different node: who has a conversation, and who is
 * looking at it or typing, is the same from both (kept in the database, nothing in one node's memory).
 */
class TwoNodesTeamTest {

    static final String DATABASE = EmbeddedPostgresDatabases.newDatabaseUrl();
    static final Map<String, String> SECOND_AGENT = Map.of("Authorization", "Bearer second-token");

    @Test
    void assignmentAndPresenceSetOnOneNodeAreSeenFromTheOther() {
        try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
            Api nodeA = new Api(((WebServerApplicationContext) a).getWebServer().getPort());
            Api nodeB = new Api(((WebServerApplicationContext) b).getWebServer().getPort());
            String thread = UUID.randomUUID().toString();
            Api.Response inbound = nodeA.post("/api/inbound/web-shop",
                    Api.webhookMessage(thread, thread + "/1", Instant.now().toString()));
            assertThat(inbound.status()).as(inbound.body()).isEqualTo(202);
            long id = inbound.json().get("conversationId").asLong();

            // The first agent takes it on node A; node B shows it as hers, in her queue and not in "nobody's".
            Api.Response taken = nodeA.send("PUT", "/api/conversations/" + id + "/assignee", "{\"agent\":\"api-token-1\"}",
                    Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
            assertThat(taken.status()).as(taken.body()).isEqualTo(200);
            assertThat(nodeB.get("/api/conversations/" + id).json().get("assignee").asText()).isEqualTo("api-token-1");
            assertThat(ids(nodeB.get("/api/conversations?assignee=api-token-1&limit=100").json())).contains(id);
            assertThat(ids(nodeB.get("/api/conversations?assignee=none&limit=100").json())).doesNotContain(id);

            // She types on node A, the second agent views on node B: each node sees both.
            nodeA.send("PUT", "/api/conversations/" + id + "/presence", "{\"typing\":true}",
                    Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
            nodeB.send("PUT", "/api/conversations/" + id + "/presence", "{\"typing\":false}", SECOND_AGENT);
            for (Api node : List.of(nodeA, nodeB)) {
                JsonNode here = node.get("/api/conversations/" + id + "/presence").json().get("here");
                assertThat(here.findValuesAsText("agent")).containsExactlyInAnyOrder("api-token-1", "api-token-2");
                for (JsonNode someone : here) {
                    assertThat(someone.get("typing").asBoolean()).as(someone.toString())
                            .isEqualTo(someone.get("agent").asText().equals("api-token-1"));
                }
            }
        }
    }

    private static List<Long> ids(JsonNode page) {
        return page.get("items").findValues("id").stream().map(JsonNode::asLong).toList();
    }

    private static ConfigurableApplicationContext start() {
        return RestartableService.start(RestartableService.postgresProperties(DATABASE));
    }
}
