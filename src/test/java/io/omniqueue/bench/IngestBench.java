package io.omniqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ingest through {@code POST /api/inbound/{channel}} with 16 clients, the built jar as its own
 * process, on H2 (the shipped default) and on PostgreSQL; against two limits measured in the same
 * run: the same JVM answering a trivial authenticated request ({@code GET /actuator/info}, the
 * same clients, interleaved round by round with the ingest) and the same rows inserted with JDBC
 * batches into the same database. Start-up time and resident memory are reported beside them.
 */
class IngestBench {

    static final double TARGET = 0.6;
    private static final Duration ROUND = Duration.ofSeconds(Bench.size(6, 2));
    private static final int ROUNDS = Bench.size(3, 1);
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(Bench.size(4, 3));
    /** Full size: warm-up rounds of both loads until the service's JIT compilers are done, between these bounds. */
    private static final int WARM_UP_MIN_ROUNDS = Bench.size(8, 1);
    private static final int WARM_UP_MAX_ROUNDS = Bench.size(40, 1);
    /** The compilers' share of the service's CPU in a warm-up cycle under which they are taken as done. */
    private static final double COMPILER_QUIET_SHARE = 0.03;
    private static final int BATCH_ROWS = Bench.size(20_000, 2_000);
    /** Each client's conversations get this many messages, so follow-ups (a longer history) are measured too. */
    private static final int MESSAGES_PER_THREAD = 4;

    /** Kept after the run (target/bench-work/...): the service's logs say what went wrong. */
    private final Path workDir = Bench.workDir("IngestBench");

    @Test
    void ingestKeepsUpWithTheHttpAndBatchedInsertLimits() throws Exception {
        BenchResults results = BenchResults.of("ingest");
        results.info().put("clients", Bench.CLIENTS).put("roundSeconds", ROUND.toSeconds()).put("rounds", ROUNDS)
                .put("messagesPerConversation", MESSAGES_PER_THREAD).put("batchedRows", BATCH_ROWS);
        String pgUrl = EmbeddedPostgresDatabases.newDatabaseUrl();
        measure(results, "h2", Map.of(), List.of(), null);
        measure(results, "postgres", Map.of("SPRING_DATASOURCE_URL", pgUrl, "SPRING_DATASOURCE_USERNAME", "postgres"),
                List.of("--spring.profiles.active=postgres"), pgUrl);
        results.write();
    }

    private void measure(BenchResults results, String database, Map<String, String> env, List<String> args, String pgUrl)
            throws Exception {
        Path dir = Files.createDirectories(workDir.resolve(database));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("OMNIQUEUE_API_TOKENS", Bench.TOKEN);
        environment.put("OMNIQUEUE_DEMO_ENABLED", "false");
        Bench.serviceJavaOptions(database).ifPresent(options -> environment.put("JAVA_TOOL_OPTIONS", options));
        Instant sentAt = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        double ingest = 0;
        double http = 0;
        long stored;
        try (ServiceProcess service = Bench.service(dir, environment, args)) {
            long t0 = System.nanoTime();
            service.start();
            double startup = (System.nanoTime() - t0) / 1e9;
            long idleRss = service.residentBytes();
            String base = "http://localhost:" + service.port();
            HttpLoad load = new HttpLoad(Bench.CLIENTS);
            HttpLoad.Requests inbound = (client, k) -> inboundPost(base, message(client, k, sentAt));
            HttpLoad.Requests trivial = (client, k) -> HttpRequest.newBuilder(URI.create(base + "/actuator/info"))
                    .header("Authorization", "Bearer " + Bench.TOKEN).GET().build();
            HttpLoad limitLoad = new HttpLoad(Bench.CLIENTS);
            WarmUp warmUp = warmUp(load, inbound, limitLoad, trivial, service.pid());
            long warmUpMessages = load.sent();
            // Each client resends only messages it sent in the warm-up (half of its share, as the
            // clients' shares differ a little), so every resent one is a duplicate.
            long resendable = Math.max(1, warmUpMessages / Bench.CLIENTS / 2);
            HttpLoad.Requests resent = (client, k) -> inboundPost(base, message(client, k % resendable, sentAt));
            HttpLoad resentLoad = new HttpLoad(Bench.CLIENTS);
            resentLoad.run(WARM_UP_ROUND, 202, resent);
            double[] batchesBefore = batches(service);
            List<Round> gets = new java.util.ArrayList<>();
            List<Round> ingests = new java.util.ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                gets.add(round(limitLoad, ROUND, 200, trivial, service.pid()));
                ingests.add(round(load, ROUND, 202, inbound, service.pid()));
            }
            Round get = Round.together(gets);
            Round ingested = Round.together(ingests);
            http = get.rate();
            ingest = ingested.rate();
            stored = load.sent();
            double[] batchesAfter = batches(service);
            double commits = batchesAfter[1] - batchesBefore[1];
            // After the measured rounds, so that their batches stay apart from the duplicates' ones.
            List<Round> resends = new java.util.ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                resends.add(round(resentLoad, ROUND, 202, resent, service.pid()));
            }
            Round duplicates = Round.together(resends);
            assertThat(duplicateAnswer(service, message(0, 0, sentAt))).as("a resent message is recognised as a duplicate").isTrue();
            long loadedRss = service.residentBytes();
            // What the load left in H2's file (before the stop, which compacts it for a moment).
            Path h2File = dir.resolve("data/omniqueue.mv.db");
            long fileBytes = Files.exists(h2File) ? Files.size(h2File) : -1;
            service.stop();
            ObjectNode info = results.info().putObject(database).put("messagesIngested", stored).put("warmUpMessages", warmUpMessages);
            if (fileBytes >= 0) {
                info.put("h2FileMiBAfterLoad", Math.round(fileBytes / 1048576.0));
            }
            warmUp.rates().forEach(info.putArray("warmUpIngestRates")::add);
            warmUp.cpuMs().forEach(info.putArray("warmUpServiceCpuMsPerMessage")::add);
            warmUp.compilerShares().forEach(info.putArray("warmUpCompilerShare")::add);
            // Where the time goes: the service's own CPU (not the database server's, nor the clients').
            // How many messages one commit served in the measured rounds (the service's own summary).
            info.put("messagesPerCommit", commits > 0 ? twoDecimals((batchesAfter[0] - batchesBefore[0]) / commits) : 0);
            info.put("serviceCpuMsPerMessage", twoDecimals(ingested.cpuMsPerRequest()))
                    .put("serviceCpuMsPerGet", twoDecimals(get.cpuMsPerRequest()))
                    .put("serviceCpuMsPerResent", twoDecimals(duplicates.cpuMsPerRequest()));
            // The same request with nothing to store (a source sending its messages again): what the
            // request path costs before any row is written, against the same limit.
            results.path(database + ".resent", duplicates.rate(), "msg/s", http,
                    "HTTP to the same JVM (GET /actuator/info)", null);
            results.reported(database + ".startup", startup, "s", "process start to ready (empty database)");
            results.reported(database + ".rss.ready", idleRss / 1048576.0, "MiB", "resident memory when ready");
            results.reported(database + ".rss.afterLoad", loadedRss / 1048576.0, "MiB", "resident memory after the ingest");
        }
        double batched = BatchedInsertLimit.measure(jdbcUrl(dir, pgUrl), pgUrl == null ? "sa" : "postgres", BATCH_ROWS);
        double lower = Math.min(http, batched);
        ObjectNode path = results.path(database + ".ingest", ingest, "msg/s", lower,
                http <= batched ? "HTTP to the same JVM (GET /actuator/info)" : "same rows in JDBC batches", TARGET);
        path.put("httpLimit", Math.round(http)).put("batchedInsertLimit", Math.round(batched))
                .put("ratioToHttp", Math.round(ingest / http * 1000) / 1000.0)
                .put("ratioToBatched", Math.round(ingest / batched * 1000) / 1000.0);
        assertThat(ingest).as("messages were ingested").isPositive();
    }

    /**
     * Both loads, round after round, until the service's JIT compilers are done with them: two
     * cycles in a row in which the compiler threads used under {@value #COMPILER_QUIET_SHARE} of the
     * service's CPU. For a minute or more after a start the compilers take a large share of the two
     * cores (the ingest rate rose from 99 to 903 msg/s over 18 rounds of 4 s in one run), and a
     * service in use has long compiled its request path. The former rule (three rounds in a row not
     * 5 % under the best CPU per message) stopped PostgreSQL runs while the compiler still worked:
     * 363 msg/s in one run, 708–879 in others of the same code.
     */
    private static WarmUp warmUp(HttpLoad load, HttpLoad.Requests inbound, HttpLoad limitLoad,
                                 HttpLoad.Requests trivial, long pid) throws Exception {
        List<Long> rates = new java.util.ArrayList<>();
        List<Double> cpuMs = new java.util.ArrayList<>();
        List<Double> compilerShares = new java.util.ArrayList<>();
        int quietInARow = 0;
        do {
            var before = ScaleCpu.threads(pid);
            Round ingest = round(load, WARM_UP_ROUND, 202, inbound, pid);
            rates.add(Math.round(ingest.rate()));
            cpuMs.add(twoDecimals(ingest.cpuMsPerRequest()));
            limitLoad.run(WARM_UP_ROUND.dividedBy(2), 200, trivial);
            var used = ScaleCpu.usedByName(before, ScaleCpu.threads(pid));
            double service = used.values().stream().mapToDouble(Double::doubleValue).sum();
            double share = ScaleCpu.compilerSeconds(used) / Math.max(1e-9, service);
            compilerShares.add(twoDecimals(share));
            quietInARow = share < COMPILER_QUIET_SHARE ? quietInARow + 1 : 0;
        } while (rates.size() < WARM_UP_MAX_ROUNDS && (rates.size() < WARM_UP_MIN_ROUNDS || quietInARow < 2));
        System.out.printf("ingest: warm-up rounds of %d s, msg/s %s, service CPU ms/msg %s, compilers' share %s%s%n",
                WARM_UP_ROUND.toSeconds(), rates, cpuMs, compilerShares,
                quietInARow < 2 ? " (still compiling after the last round; measured anyway)" : "");
        return new WarmUp(rates, cpuMs, compilerShares);
    }

    private record WarmUp(List<Long> rates, List<Double> cpuMs, List<Double> compilerShares) {
    }

    /** One run of a load: its rate, the requests it sent, and the service's CPU seconds meanwhile. */
    private record Round(double rate, long requests, double cpuSeconds) {

        double cpuMsPerRequest() {
            return 1000 * cpuSeconds / Math.max(1, requests);
        }

        /** Rounds of equal length as one: their mean rate, their requests and CPU summed. */
        static Round together(List<Round> rounds) {
            return new Round(rounds.stream().mapToDouble(Round::rate).average().orElseThrow(),
                    rounds.stream().mapToLong(Round::requests).sum(), rounds.stream().mapToDouble(Round::cpuSeconds).sum());
        }
    }

    private static double twoDecimals(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static Round round(HttpLoad load, Duration duration, int status, HttpLoad.Requests requests, long pid)
            throws Exception {
        double cpu = ScaleCpu.seconds(pid);
        long sent = load.sent();
        double rate = load.run(duration, status, requests);
        return new Round(rate, load.sent() - sent, ScaleCpu.seconds(pid) - cpu);
    }

    private static String jdbcUrl(Path dir, String pgUrl) {
        if (pgUrl != null) {
            return pgUrl;
        }
        return "jdbc:h2:file:" + dir.resolve("data/omniqueue").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    /** A web form's message posted to the bench's webhook channel. */
    private static HttpRequest inboundPost(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/api/inbound/shop-contact-form"))
                .header("Authorization", "Bearer " + Bench.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Whether the service answers this message, sent again, as a duplicate. */
    private static boolean duplicateAnswer(ServiceProcess service, String body) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(inboundPost("http://localhost:" + service.port(), body),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("duplicate").asBoolean();
    }

    /** The service's ingest transactions so far: messages stored, and transactions. */
    private static double[] batches(ServiceProcess service) throws Exception {
        var scrape = io.omniqueue.support.PrometheusScrape.parse(java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + Bench.TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        return new double[] {scrape.require("omniqueue_ingest_batch_messages_sum"),
                scrape.require("omniqueue_ingest_batch_messages_count")};
    }

    /** A web form's message: client c owns its threads, each of which gets a few messages in turn. */
    static String message(int client, long k, Instant base) {
        long thread = k / MESSAGES_PER_THREAD;
        return """
                {"threadId":"bench-%d-%d","messageId":"bench-%d-%d","customer":{"name":"Customer %d","email":"c%d-%d@example.com"},
                 "subject":"Where is my order?","body":"Hello, my order has not arrived yet. Could you check it please? (%d)",
                 "sentAt":"%s","orderId":"ORD-%d"}"""
                .formatted(client, thread, client, k, thread, client, thread, k, base.plusMillis(k), thread);
    }
}
