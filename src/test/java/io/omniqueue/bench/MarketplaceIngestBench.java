package io.omniqueue.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
import io.omniqueue.support.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Marketplace ingest: a Mirakl channel's poller reading every thread of the simulator
 * ({@code sandbox/mirakl/MiraklSimulator}) and storing its messages, against the simulator's raw
 * page fetch of the same threads (M11 pages of 100, followed by page token, from this JVM),
 * measured before and after. A first run stores as many threads and warms the service up; the
 * ingest's time runs from the next run's first page request, after as many new threads were
 * seeded, to the end of that run ({@code lastSuccessAt} of the channel).
 */
class MarketplaceIngestBench {

    static final double TARGET = 0.6;
    private static final int THREADS = Bench.size(4_000, 400);
    private static final String KEY = "bench-mirakl-key";

    private final Path workDir = Bench.workDir("MarketplaceIngestBench");

    @Test
    void marketplaceIngestKeepsUpWithTheRawPageFetch() throws Exception {
        BenchResults results = BenchResults.of("marketplace-ingest");
        results.info().put("threads", THREADS).put("messagesPerThread", 1).put("pageSize", 100);
        try (MiraklSimulator simulator = MiraklSimulator.start(0, KEY, "Bench Shop")) {
            simulator.seedThreads(THREADS, Instant.now().minus(2, ChronoUnit.DAYS), Duration.ofSeconds(1));
            double rawBefore = rawFetch(simulator);
            Map<String, String> environment = new HashMap<>(Map.of("OMNIQUEUE_API_TOKENS", Bench.TOKEN,
                    "OMNIQUEUE_DEMO_ENABLED", "false", "OMNIQUEUE_POLLING_FAILURE_BACKOFF", "1s"));
            Bench.serviceJavaOptions("marketplace").ifPresent(options -> environment.put("JAVA_TOOL_OPTIONS", options));
            try (ServiceProcess service = Bench.service(workDir, environment, List.of())) {
                Files.writeString(workDir.resolve("config/channels.yaml"), channels(simulator));
                service.start();
                Api api = new Api(service.port());
                // The first run stores the threads seeded so far and warms the service up (class
                // loading, JIT, the language models); the run measured reads the threads seeded after it.
                // Every seeded thread stored, and a run ended since: a first success alone once let the
                // bench seed and time a run that stored nothing (why was not found); counting what the
                // service stored does not depend on how runs and successes line up.
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> api.stored() >= THREADS);
                Instant allStored = Instant.now();
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> api.lastSuccessAt() != null && api.lastSuccessAt().isAfter(allStored));
                // No run may see the threads while they are being seeded (it would store part of
                // them and end early): the simulator refuses every call meanwhile, and a run under
                // way fails; the next one, a second after, reads them all.
                simulator.rejectAllWith(503);
                simulator.seedThreads(THREADS, Instant.now().minus(1, ChronoUnit.DAYS), Duration.ofSeconds(1));
                Instant warm = api.lastSuccessAt();
                // Counted before the calls are let through again, so that the run's first page is never missed.
                int before = simulator.requestCount("GET", "/api/inbox/threads.*");
                simulator.rejectAllWith(0);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> simulator.requestCount("GET", "/api/inbox/threads.*") > before);
                Instant firstPage = Instant.now();
                double machineBefore = ScaleCpu.machineSeconds();
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> api.stored() >= 2.0 * THREADS);
                Instant secondStored = Instant.now();
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                        .until(() -> api.lastSuccessAt().isAfter(firstPage) && api.lastSuccessAt().isAfter(warm)
                                && !api.lastSuccessAt().isBefore(secondStored.minusSeconds(1)));
                // The whole machine (the service, the simulator in this JVM, the bench's polling of the
                // API) until the run was seen done: up to one poll interval more than the run itself.
                double machineMs = 1000 * (ScaleCpu.machineSeconds() - machineBefore) / THREADS;
                double seconds = Duration.between(firstPage, api.lastSuccessAt()).toNanos() / 1e9;
                double ingest = THREADS / seconds;
                service.stop();
                double rawAfter = rawFetch(simulator);
                double raw = (rawBefore + rawAfter) / 2;
                results.path("mirakl.ingest", ingest, "msg/s", raw, "raw page fetch of the same threads (M11, 100 a page)",
                        TARGET).put("rawBefore", Math.round(rawBefore)).put("rawAfter", Math.round(rawAfter))
                        .put("seconds", Math.round(seconds * 100) / 100.0);
                // What the target leaves a message: every core busy, at 0.60 of the raw fetch's rate.
                double budget = 1000.0 * Runtime.getRuntime().availableProcessors() / (TARGET * raw);
                results.reported("mirakl.budgetAtTarget", budget, "ms CPU/msg",
                        "the machine's CPU a message may cost at " + TARGET + " of the raw fetch, every core busy");
                results.reported("mirakl.machineCpu", machineMs, "ms CPU/msg", "the machine's CPU a message cost in the run");
                System.out.printf("marketplace ingest: a message cost the machine %.2f ms of CPU; the target allows %.2f ms%n",
                        machineMs, budget);
            }
        }
        results.write();
    }

    private static String channels(MiraklSimulator simulator) {
        return """
                omniqueue:
                  channels:
                    - id: bench-mirakl
                      kind: mirakl
                      base-url: %s
                      api-key: %s
                      schedule: "0/2 * * * * ?"
                      page-size: 100
                      sla:
                        contract: PT24H
                """.formatted(simulator.baseUrl(), KEY);
    }

    /** Every page of threads, as the poller asks for them: threads (one message each) per second. */
    private static double rawFetch(MiraklSimulator simulator) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        pages(http, simulator);
        long started = System.nanoTime();
        int threads = pages(http, simulator);
        return threads / ((System.nanoTime() - started) / 1e9);
    }

    private static int pages(HttpClient http, MiraklSimulator simulator) throws Exception {
        int threads = 0;
        String token = null;
        do {
            String query = token == null ? "with_messages=true&limit=100"
                    : "page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&limit=100";
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/inbox/threads?" + query))
                    .header("Authorization", KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("simulator answered " + page.statusCode() + ": " + page.body());
            }
            JsonNode json = BenchResults.JSON.readTree(page.body());
            threads += json.path("data").size();
            token = json.hasNonNull("next_page_token") ? json.get("next_page_token").asText() : null;
        } while (token != null);
        if (threads < simulator.threadCount()) {
            throw new IllegalStateException("the simulator listed " + threads + " threads of " + THREADS);
        }
        return threads;
    }

    /** The channel's last successful poll run, as the API shows it, and the messages the service has stored. */
    private record Api(int port) {

        /** Messages that went through an ingest transaction so far (the service's own summary). */
        double stored() throws Exception {
            return Bench.metrics(port).require("omniqueue_ingest_batch_messages_sum");
        }

        Instant lastSuccessAt() throws Exception {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/channels/bench-mirakl"))
                    .header("Authorization", "Bearer " + Bench.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode channel = BenchResults.JSON.readTree(answer.body());
            return channel.hasNonNull("lastSuccessAt") ? Instant.parse(channel.get("lastSuccessAt").asText()) : null;
        }
    }
}
