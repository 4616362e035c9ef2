package io.omniqueue.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reply dispatch with the default outbox settings against direct POSTs to the same receivers.
 * Two webhook channels, each with its own WireMock receiver: one answers at once, one takes
 * {@value #SLOW_MILLIS} ms. One service process, dispatching throughout, as in production:
 * <ol>
 * <li>The backlog: both receivers hold every request {@value #HOLD_SECONDS} s (under the 15 s
 * timeout), so the fast and the slow channel send only their {@code per-channel-sends} (4) at a
 * time while their replies are accepted. Meanwhile a third channel, {@code bench-warm}, gets
 * {@value #WARM_UP_REPLIES_FULL} replies for the fast receiver (its own path), held as well.</li>
 * <li>The warm-up: once every backlog is accepted, {@code bench-warm}'s drains alone, the same work
 * as the measured drain. A cold JVM drains at a fraction of its pace: a drain started by a fresh
 * process rose from 395 to 1,590 replies a second by its last tenth, its C2 compiler thread using
 * 30 to 55 % of a core. Neither a warm-up drain before the accepts (the compiler took 40 % of a core
 * again in the drain after them) nor warm-up replies sent while the accepts went on was enough:
 * on 2 cores the JVM has one C2 thread and raises its thresholds while many methods wait for it, so
 * with the accepts' HTTP, JSON, language and SQL code queued the send path was still at C1's level
 * when the measured drain began and was compiled then (about 200 compilations in the drain, 0.08 to
 * 0.11 ms of compiler CPU a reply).</li>
 * <li>The drain: the receivers answer at their own speed again, and both channels drain at once.
 * A channel's rate is read from its receiver's request log, from the requests that arrived after
 * the release, the first {@code WARM_UP_SHARE} of them left out (the slots come free as the held
 * requests end).</li>
 * </ol>
 * Limits, in the same run: the fast receiver taking direct POSTs from 16 clients, before and after
 * the drain, and the slow receiver taking them from as many clients as a channel has sends in
 * flight ({@code per-channel-sends}, 4): its own channel's bound. {@code fast.dispatch.ownBound}
 * compares the fast drain with that bound too (4 clients to the fast receiver), beside the 16
 * clients of {@code fast.dispatch}.
 */
class ReplyDispatchBench {

    static final double TARGET = 0.5;
    static final int SLOW_MILLIS = 50;
    static final int PER_CHANNEL_SENDS = 4;
    static final int HOLD_SECONDS = 8;
    /** The requests of the drain's start left out: the four slots of a channel come free one by one as the held requests end. */
    static final double WARM_UP_SHARE = 0.1;
    /** Drained alone, 20,000 left the compiler still busy with the send path at its end (30 to 120 compilations a second) and through the measured drain. */
    static final int WARM_UP_REPLIES_FULL = 40_000;
    static final String REPLY_PATH = "/replies";
    static final String WARM_PATH = "/warm-up";
    private static final int WARM_UP_REPLIES = Bench.size(WARM_UP_REPLIES_FULL, 300);
    private static final int FAST_REPLIES = Bench.size(18_000, 300);
    /** Enough that the slow drain lasts through the fast one (about 16 s at 75 a second). */
    private static final int SLOW_REPLIES = Bench.size(1_200, 60);
    private static final Duration DIRECT = Duration.ofSeconds(Bench.size(5, 2));
    /** {@code -Dbench.database=postgres}: the service on an embedded PostgreSQL instead of H2 (the default). */
    private static final boolean POSTGRES = "postgres".equalsIgnoreCase(System.getProperty("bench.database", "h2"));
    private static final String PG_URL = POSTGRES ? io.omniqueue.support.EmbeddedPostgresDatabases.newDatabaseUrl() : null;

    /** Kept after the run (target/bench-work/...): the service's logs say what went wrong. */
    private final Path workDir = Bench.workDir("ReplyDispatchBench");

    private final WireMockServer fast = receiver();
    private final WireMockServer slow = receiver();

    @AfterEach
    void stopReceivers() {
        fast.stop();
        slow.stop();
    }

    @Test
    void replyDispatchKeepsUpWithDirectPostsAndNoReceiverSlowsAnotherChannel() throws Exception {
        BenchResults results = BenchResults.of("reply-dispatch");
        results.info().put("warmUpReplies", WARM_UP_REPLIES).put("fastReplies", FAST_REPLIES).put("slowReplies", SLOW_REPLIES)
                .put("slowReceiverMillis", SLOW_MILLIS).put("holdSeconds", HOLD_SECONDS)
                .put("settings", "default omniqueue.outbox.* (per-channel-sends " + PER_CHANNEL_SENDS + ")")
                .put("database", POSTGRES ? "postgres" : "h2");
        Files.createDirectories(workDir.resolve("config"));
        answer(fast, WARM_PATH, HOLD_SECONDS * 1000);
        answer(fast, REPLY_PATH, HOLD_SECONDS * 1000);
        answer(slow, REPLY_PATH, HOLD_SECONDS * 1000);
        try (ServiceProcess service = Bench.service(workDir, environment(), arguments())) {
            // in() copies the project's config/
            Files.writeString(workDir.resolve("config/channels.yaml"), channels());
            service.start();
            CompletableFuture<Void> warmUp = CompletableFuture.runAsync(() -> accept(service, "bench-warm", WARM_UP_REPLIES));
            accept(service, "bench-fast", FAST_REPLIES);
            accept(service, "bench-slow", SLOW_REPLIES);
            warmUp.join();
            // The warm-up's backlog drains alone, as the measured one will: see the class comment.
            answer(fast, WARM_PATH, 0);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(fast, WARM_PATH) >= WARM_UP_REPLIES);
            // The receiver's JVM is warm from the warm-up's requests; the same work on the other path.
            double fastDirectBefore = direct(fast, WARM_PATH, Bench.CLIENTS);
            Instant released = Instant.now();
            answer(fast, REPLY_PATH, 0);
            answer(slow, REPLY_PATH, SLOW_MILLIS);
            // Every reply reaches its receiver once (retries would add, never take away).
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(fast, REPLY_PATH) >= FAST_REPLIES && count(slow, REPLY_PATH) >= SLOW_REPLIES);
            List<Instant> fastTimes = times(fast, released);
            List<Instant> slowTimes = times(slow, released);
            double fastRate = rate(fastTimes, WARM_UP_SHARE);
            double slowRate = rate(slowTimes, WARM_UP_SHARE);
            double fastWhole = rate(fastTimes, 0);
            double slowWhole = rate(slowTimes, 0);
            List<Long> fastTenths = tenths(fastTimes);
            // The check that a slow receiver holds back no other channel means something only while both drain.
            boolean together = slowTimes.get(slowTimes.size() - 1).isAfter(fastTimes.get((int) (fastTimes.size() * WARM_UP_SHARE)));
            // A send counts only once its outcome is recorded: the outbox's gauge (refreshed every 15 s)
            // must come to no reply pending and none failed, or the drain measured sends it then lost.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> outbox(service, "pending") == 0);
            assertThat(outbox(service, "failed")).as("replies FAILED after the drain").isZero();
            service.stop();
            fast.resetRequests();
            slow.resetRequests();
            double fastDirectAfter = direct(fast, REPLY_PATH, Bench.CLIENTS);
            double fastDirectOwnBound = direct(fast, REPLY_PATH, PER_CHANNEL_SENDS);
            double slowDirect = direct(slow, REPLY_PATH, PER_CHANNEL_SENDS);
            double fastDirect = (fastDirectBefore + fastDirectAfter) / 2;
            results.path("fast.dispatch", fastRate, "reply/s", fastDirect,
                    "direct POSTs to the same receiver, " + Bench.CLIENTS + " clients", TARGET)
                    .put("directBefore", Math.round(fastDirectBefore)).put("directAfter", Math.round(fastDirectAfter))
                    .put("measuredReplies", fastTimes.size())
                    .put("wholeDrain", fastWhole).putPOJO("drainByTenth", fastTenths);
            // The same drain against the fast receiver taking direct POSTs from as many clients as the
            // channel may have sends in flight: what the channel's own bound allows, beside the 16 clients.
            results.path("fast.dispatch.ownBound", fastRate, "reply/s", fastDirectOwnBound,
                    "direct POSTs to the same receiver, " + PER_CHANNEL_SENDS + " clients (the channel's sends)", TARGET);
            results.path("slow.dispatch", slowRate, "reply/s", slowDirect,
                    "direct POSTs to the slow receiver, " + PER_CHANNEL_SENDS + " clients", TARGET)
                    .put("measuredReplies", slowTimes.size())
                    .put("wholeDrain", slowWhole).put("measuredTogether", together);
            results.write();
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("OMNIQUEUE_API_TOKENS", Bench.TOKEN,
                "OMNIQUEUE_DEMO_ENABLED", "false"));
        Bench.serviceJavaOptions("reply-dispatch").ifPresent(options -> environment.put("JAVA_TOOL_OPTIONS", options));
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

    private static WireMockServer receiver() {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(64));
        server.addMockServiceRequestListener((request, response) -> received(server, request.getUrl()).increment());
        server.start();
        return server;
    }

    /**
     * Requests a receiver got on a path since it started, kept as they come: the waits poll this
     * every 500 ms. Copying the request journal (40,000 entries by the drain's end) for each look
     * took the bench JVM about 0.02 ms of CPU a reply, taken from the drain it measured.
     */
    private static LongAdder received(WireMockServer receiver, String path) {
        return RECEIVED.computeIfAbsent(receiver.port() + " " + path,
                k -> new LongAdder());
    }

    private static final Map<String, LongAdder> RECEIVED =
            new ConcurrentHashMap<>();

    /** (Re)places the receiver's answer on a path: a 200 with the reply's id as the message id, after {@code delayMillis}. */
    private static void answer(WireMockServer receiver, String path, int delayMillis) {
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(delayMillis)
                .withBody("{\"messageId\":\"{{jsonPath request.body '$.replyId'}}\"}").withTransformers("response-template")));
    }

    /** The outbox's replies of this status, from the service's metrics. */
    private static double outbox(ServiceProcess service, String status) throws Exception {
        return Bench.metrics(service.port()).require("omniqueue_outbox_replies", "status", status);
    }

    /** Accepts replies on a channel through the service's API. */
    private static void accept(ServiceProcess service, String channel, int replies) {
        try {
            ReplyBacklog.accept(service.port(), Bench.TOKEN, channel, replies, Bench.CLIENTS / 2);
        } catch (Exception e) {
            throw new IllegalStateException("accepting the replies of " + channel, e);
        }
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
                    - id: bench-warm
                      kind: webhook
                      callback-url: http://localhost:%d%s
                      sla:
                        contract: PT24H
                """.formatted(fast.port(), slow.port(), fast.port(), WARM_PATH);
    }

    /** POSTs like a reply's, straight from this JVM to the receiver. */
    private static double direct(WireMockServer receiver, String path, int clients) throws Exception {
        String url = "http://localhost:" + receiver.port() + path;
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

    /** When the receiver got each request on the replies' path that arrived at or after {@code from}, in order. */
    private static List<Instant> times(WireMockServer receiver, Instant from) {
        return receiver.getAllServeEvents().stream().map(ServeEvent::getRequest).filter(r -> REPLY_PATH.equals(r.getUrl()))
                .map(r -> r.getLoggedDate().toInstant()).filter(at -> !at.isBefore(from)).sorted().toList();
    }

    private static long count(WireMockServer receiver, String path) {
        return received(receiver, path).sum();
    }

    /**
     * Requests per second from a receiver's request ({@link #times}) after the warm-up share to its
     * last. The direct POSTs get a warm-up run too ({@link #direct}). {@code wholeDrain} in the
     * results keeps the rate from the drain's first request.
     */
    private static double rate(List<Instant> times, double warmUpShare) {
        int first = (int) (times.size() * warmUpShare);
        double seconds = Duration.between(times.get(first), times.get(times.size() - 1)).toNanos() / 1e9;
        return (times.size() - 1 - first) / Math.max(seconds, 0.001);
    }
}
