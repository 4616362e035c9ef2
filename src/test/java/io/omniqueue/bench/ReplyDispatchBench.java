package io.omniqueue.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omniqueue.support.ReplyBacklog;
import io.omniqueue.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reply dispatch with the default outbox settings against direct POSTs to the same receivers.
 * Two webhook channels, each with its own WireMock receiver: one answers at once, one takes
 * {@value #SLOW_MILLIS} ms. Replies are accepted through the API while the node does not dispatch,
 * then the node restarts with dispatch on and drains both channels at once; a channel's rate is
 * read from its receiver's own request log (from the end of the first third, the service's warm-up,
 * to the last request). Limits, in the same run: the
 * fast receiver taking direct POSTs from 16 clients, and the slow receiver taking them from as many
 * clients as a channel has sends in flight ({@code per-channel-sends}, 4): its own channel's bound.
 * {@code fast.dispatch.ownBound} compares the fast drain with that bound too (4 clients to the fast
 * receiver), beside the 16 clients of {@code fast.dispatch}.
 */
class ReplyDispatchBench {

    static final double TARGET = 0.5;
    static final int SLOW_MILLIS = 50;
    static final int PER_CHANNEL_SENDS = 4;
    /**
     * The first third of each receiver's requests is not measured: the service's JIT warm-up. A
     * flight recording of a 3,000-reply drain showed the JIT compiler threads using 38 % of a core
     * through the whole of it: the drain measured a service still compiling its send path, so the
     * fast channel now drains three times as many, the first 3,000 as warm-up.
     */
    static final double WARM_UP_SHARE = 1.0 / 3;
    private static final int FAST_REPLIES = Bench.size(9_000, 300);
    /** Enough that the slow drain lasts into the fast one's measured window (about 17 s at 70 a second). */
    private static final int SLOW_REPLIES = Bench.size(1_200, 60);
    private static final Duration DIRECT = Duration.ofSeconds(Bench.size(5, 2));
    /** {@code -Dbench.database=postgres}: the service on an embedded PostgreSQL instead of H2 (the default). */
    private static final boolean POSTGRES = "postgres".equalsIgnoreCase(System.getProperty("bench.database", "h2"));
    private static final String PG_URL = POSTGRES ? io.omniqueue.support.EmbeddedPostgresDatabases.newDatabaseUrl() : null;

    /** Kept after the run (target/bench-work/...): the service's logs say what went wrong. */
    private final Path workDir = Bench.workDir("ReplyDispatchBench");

    private final WireMockServer fast = receiver(0);
    private final WireMockServer slow = receiver(SLOW_MILLIS);

    @AfterEach
    void stopReceivers() {
        fast.stop();
        slow.stop();
    }

    @Test
    void replyDispatchKeepsUpWithDirectPostsAndNoReceiverSlowsAnotherChannel() throws Exception {
        BenchResults results = BenchResults.of("reply-dispatch");
        results.info().put("fastReplies", FAST_REPLIES).put("slowReplies", SLOW_REPLIES).put("slowReceiverMillis", SLOW_MILLIS)
                .put("settings", "default omniqueue.outbox.* (per-channel-sends " + PER_CHANNEL_SENDS + ")")
                .put("database", POSTGRES ? "postgres" : "h2");
        Files.createDirectories(workDir.resolve("config"));
        ServiceProcess service = ServiceProcess.in(workDir, environment("accept"), arguments("--omniqueue.outbox.dispatch=false"));
        Files.writeString(workDir.resolve("config/channels.yaml"), channels());
        ServiceProcess dispatching = null;
        try (service) {
            service.start();
            ReplyBacklog.accept(service.port(), Bench.TOKEN, "bench-fast", FAST_REPLIES, Bench.CLIENTS);
            ReplyBacklog.accept(service.port(), Bench.TOKEN, "bench-slow", SLOW_REPLIES, Bench.CLIENTS);
            service.stop();
            double fastDirectBefore = direct(fast, Bench.CLIENTS);
            fast.resetRequests();
            slow.resetRequests();
            dispatching = ServiceProcess.in(workDir, environment("dispatch"), arguments());
            // in() copies the project's config/ again
            Files.writeString(workDir.resolve("config/channels.yaml"), channels());
            dispatching.start();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(fast) >= FAST_REPLIES && count(slow) >= SLOW_REPLIES);
            List<Instant> fastTimes = times(fast);
            List<Instant> slowTimes = times(slow);
            double fastRate = rate(fastTimes, WARM_UP_SHARE);
            double slowRate = rate(slowTimes, WARM_UP_SHARE);
            double fastWhole = rate(fastTimes, 0);
            double slowWhole = rate(slowTimes, 0);
            List<Long> fastTenths = tenths(fastTimes);
            // The check that a slow receiver holds back no other channel means something only while both drain.
            boolean together = slowTimes.get(slowTimes.size() - 1).isAfter(fastTimes.get((int) (fastTimes.size() * WARM_UP_SHARE)));
            dispatching.stop();
            fast.resetRequests();
            slow.resetRequests();
            double fastDirectAfter = direct(fast, Bench.CLIENTS);
            double fastDirectOwnBound = direct(fast, PER_CHANNEL_SENDS);
            double slowDirect = direct(slow, PER_CHANNEL_SENDS);
            double fastDirect = (fastDirectBefore + fastDirectAfter) / 2;
            results.path("fast.dispatch", fastRate, "reply/s", fastDirect,
                    "direct POSTs to the same receiver, " + Bench.CLIENTS + " clients", TARGET)
                    .put("directBefore", Math.round(fastDirectBefore)).put("directAfter", Math.round(fastDirectAfter))
                    .put("wholeDrain", fastWhole).putPOJO("drainByTenth", fastTenths);
            // The same drain against the fast receiver taking direct POSTs from as many clients as the
            // channel may have sends in flight: what the channel's own bound allows, beside the 16 clients.
            results.path("fast.dispatch.ownBound", fastRate, "reply/s", fastDirectOwnBound,
                    "direct POSTs to the same receiver, " + PER_CHANNEL_SENDS + " clients (the channel's sends)", TARGET);
            results.path("slow.dispatch", slowRate, "reply/s", slowDirect,
                    "direct POSTs to the slow receiver, " + PER_CHANNEL_SENDS + " clients", TARGET)
                    .put("wholeDrain", slowWhole).put("measuredTogether", together);
            results.write();
        } finally {
            if (dispatching != null) {
                dispatching.close();
            }
        }
    }

    private static Map<String, String> environment(String run) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("OMNIQUEUE_API_TOKENS", Bench.TOKEN,
                "OMNIQUEUE_DEMO_ENABLED", "false"));
        Bench.serviceJavaOptions("reply-" + run).ifPresent(options -> environment.put("JAVA_TOOL_OPTIONS", options));
        if (POSTGRES) {
            environment.put("SPRING_DATASOURCE_URL", PG_URL);
            environment.put("SPRING_DATASOURCE_USERNAME", "postgres");
        }
        return environment;
    }

    private static List<String> arguments(String... more) {
        List<String> arguments = new java.util.ArrayList<>(List.of(more));
        if (POSTGRES) {
            arguments.add("--spring.profiles.active=postgres");
        }
        return arguments;
    }

    private static WireMockServer receiver(int delayMillis) {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(64));
        server.stubFor(post(urlEqualTo("/replies")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(delayMillis)
                .withBody("{\"messageId\":\"{{jsonPath request.body '$.replyId'}}\"}").withTransformers("response-template")));
        server.start();
        return server;
    }

    private String channels() {
        return """
                omniqueue:
                  channels:
                    - id: bench-fast
                      kind: webhook
                      callback-url: http://localhost:%d/replies
                      sla:
                        contract: PT24H
                    - id: bench-slow
                      kind: webhook
                      callback-url: http://localhost:%d/replies
                      sla:
                        contract: PT24H
                """.formatted(fast.port(), slow.port());
    }

    /** POSTs like a reply's, straight from this JVM to the receiver. */
    private static double direct(WireMockServer receiver, int clients) throws Exception {
        String url = "http://localhost:" + receiver.port() + "/replies";
        AtomicLong ids = new AtomicLong();
        HttpLoad load = new HttpLoad(clients, true);
        HttpLoad.Requests requests = (client, k) -> HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Idempotency-Key", "direct-" + ids.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString("{\"threadId\":\"t-%d\",\"replyId\":\"%d\",\"body\":\"Yes, it ships tomorrow.\"}"
                        .formatted(k, ids.get()))).build();
        load.run(DIRECT.dividedBy(2), 200, requests);
        return load.run(DIRECT, 200, requests);
    }

    /** The drain's rate in each tenth of its requests: how long the service took to warm up, and its steady pace. */
    private static List<Long> tenths(List<Instant> times) {
        int n = times.size();
        List<Long> rates = new java.util.ArrayList<>();
        for (int t = 0; t < 10; t++) {
            int from = n * t / 10;
            int to = Math.min(n - 1, n * (t + 1) / 10);
            if (to <= from) {
                continue;
            }
            double seconds = Duration.between(times.get(from), times.get(to)).toNanos() / 1e9;
            rates.add(Math.round((to - from) / Math.max(seconds, 0.001)));
        }
        return rates;
    }

    private static List<Instant> times(WireMockServer receiver) {
        return receiver.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate().toInstant()).sorted().toList();
    }

    private static int count(WireMockServer receiver) {
        return receiver.getAllServeEvents().size();
    }

    /**
     * Requests per second from a receiver's request ({@link #times}) after the warm-up share to its
     * last. The service starts draining the moment it is ready, its code not yet compiled by the JIT; the
     * direct POSTs get a warm-up run too ({@link #direct}). {@code wholeDrain} in the results
     * keeps the rate from the first request.
     */
    private static double rate(List<Instant> times, double warmUpShare) {
        int first = (int) (times.size() * warmUpShare);
        double seconds = Duration.between(times.get(first), times.get(times.size() - 1)).toNanos() / 1e9;
        return (times.size() - 1 - first) / Math.max(seconds, 0.001);
    }
}
