package io.omniqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A web form back end that got {@code 202} never sends again, so a {@code 202} must mean stored.
 * The built jar runs as its own process on each database; 8 clients post a burst, the process is
 * killed with {@code kill -9} half-way, restarted on the same database; the clients re-post what
 * got no answer and some of what did. Every acknowledged message must be there once, in the
 * conversation its answer named.
 */
class CrashMidBurstIT {

    private static final int MESSAGES = Integer.getInteger("crash.messages", 4000);
    private static final int THREADS = MESSAGES / 8;
    private static final int CLIENTS = 8;
    private static final String TOKEN = "crash-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    static Stream<Arguments> databases() {
        return Stream.of(
                // The default configuration as shipped: H2 file under ./data, nothing overridden.
                Arguments.of("H2 (default configuration)", Map.of(), List.of()),
                Arguments.of("PostgreSQL", Map.of("SPRING_DATASOURCE_URL", EmbeddedPostgresDatabases.newDatabaseUrl(),
                        "SPRING_DATASOURCE_USERNAME", "postgres"), List.of("--spring.profiles.active=postgres")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyAcknowledgedMessageSurvivesKillNineOnce(String database, Map<String, String> env, List<String> args)
            throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("OMNIQUEUE_API_TOKENS", TOKEN);
        // Nothing else writes in: no demo, replies would go nowhere.
        environment.put("OMNIQUEUE_DEMO_ENABLED", "false");
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();

        try (ServiceProcess service = ServiceProcess.in(workDir, environment, args).start()) {
            Client client = new Client(service.port());
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            long started = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < MESSAGES) {
                        try {
                            HttpResponse<String> answer = client.post(i, sentAt);
                            if (answer.statusCode() == 202) {
                                acknowledged.put(i, JSON.readTree(answer.body()).get("conversationId").asLong());
                            }
                        } catch (IOException connectionLost) {
                            return null;
                        }
                        if (acknowledged.size() >= MESSAGES / 2 && killed.compareAndSet(false, true)) {
                            service.kill();
                        }
                    }
                    return null;
                });
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("[crash-test] %s: %d of %d messages acknowledged before kill -9, %.0f msg/s with %d clients%n",
                    database, acknowledged.size(), MESSAGES, acknowledged.size() / seconds, CLIENTS);
            assertThat(acknowledged.size()).as("the kill came mid-burst").isBetween(MESSAGES / 2, MESSAGES - 1);

            service.start();
            // The clients' second pass: what got no 202, and every tenth that did (a retry after a lost answer).
            List<Integer> repost = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                if (!acknowledged.containsKey(i) || i % 10 == 0) {
                    repost.add(i);
                }
            }
            Map<Integer, Long> conversationOf = new ConcurrentHashMap<>(acknowledged);
            int duplicatesOfAcknowledged = 0;
            for (int i : repost) {
                HttpResponse<String> answer = client.post(i, sentAt);
                assertThat(answer.statusCode()).as("re-post of message %d: %s", i, answer.body()).isEqualTo(202);
                JsonNode body = JSON.readTree(answer.body());
                if (acknowledged.containsKey(i)) {
                    assertThat(body.get("duplicate").asBoolean()).as("acknowledged message %d is already stored", i).isTrue();
                    assertThat(body.get("conversationId").asLong()).isEqualTo(acknowledged.get(i));
                    duplicatesOfAcknowledged++;
                }
                conversationOf.put(i, body.get("conversationId").asLong());
            }

            // Every message is now in the conversation its answer named, exactly once.
            Map<Long, List<String>> bodiesByConversation = new HashMap<>();
            for (long id : Set.copyOf(conversationOf.values())) {
                HttpResponse<String> detail = client.get("/api/conversations/" + id);
                assertThat(detail.statusCode()).as("conversation %d named in a 202 still exists", id).isEqualTo(200);
                List<String> bodies = new ArrayList<>();
                JSON.readTree(detail.body()).get("messages").forEach(m -> bodies.add(m.get("body").asText()));
                bodiesByConversation.put(id, bodies);
            }
            int lost = 0;
            for (Map.Entry<Integer, Long> e : acknowledged.entrySet()) {
                if (!bodiesByConversation.get(e.getValue()).contains(Client.body(e.getKey()))) {
                    lost++;
                }
            }
            List<String> all = bodiesByConversation.values().stream().flatMap(List::stream).toList();
            System.out.printf("[crash-test] %s: acknowledged messages lost: %d of %d; stored %d, distinct %d, expected %d;"
                    + " %d conversations; %d re-posted acknowledged messages answered duplicate%n", database, lost,
                    acknowledged.size(), all.size(), Set.copyOf(all).size(), MESSAGES, bodiesByConversation.size(),
                    duplicatesOfAcknowledged);
            assertThat(lost).as("acknowledged messages lost").isZero();
            assertThat(all).as("no message stored twice").doesNotHaveDuplicates().hasSize(MESSAGES);
            assertThat(bodiesByConversation).as("one conversation per thread").hasSize(THREADS);
        }
    }

    /** A web form back end: one message a request, each message in one of {@link #THREADS} threads. */
    private record Client(HttpClient http, String base) {

        Client(int port) {
            this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build(),
                    "http://localhost:" + port);
        }

        static String body(int i) {
            return "crash-test message " + i;
        }

        HttpResponse<String> post(int i, Instant sentAt) throws IOException {
            String json = """
                    {"threadId":"crash-thread-%d","messageId":"crash-message-%d","customer":{"name":"Customer %d",
                     "email":"customer%d@example.com"},"subject":"Order question","body":"%s","sentAt":"%s"}"""
                    .formatted(i % THREADS, i, i % THREADS, i % THREADS, body(i), sentAt.plusMillis(i));
            return send(HttpRequest.newBuilder(URI.create(base + "/api/inbound/shop-contact-form"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        HttpResponse<String> get(String path) throws IOException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
            try {
                return http.send(request.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
