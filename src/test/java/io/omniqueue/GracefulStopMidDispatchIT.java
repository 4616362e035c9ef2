package io.omniqueue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.support.ReplyBacklog;
import io.omniqueue.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator stops the service (SIGTERM, as {@code docker stop} or systemd do) while the outbox
 * drains a backlog on the default H2 file database, and starts it again. Every reply reaches the
 * receiver, and none twice: what the stopping node sent is recorded as sent before the database
 * closes, so the next start does not send it again.
 */
class GracefulStopMidDispatchIT {

    private static final int REPLIES = Integer.getInteger("stop.replies", 1_200);
    private static final int CLIENTS = 8;
    private static final String TOKEN = "graceful-stop-token";

    /** Kept after the run: the service's logs say what each start and stop did. */
    private final Path workDir = workDir();

    private final WireMockServer receiver = new WireMockServer(options().dynamicPort().containerThreads(32));

    @AfterEach
    void stopReceiver() {
        receiver.stop();
    }

    @Test
    void repliesSentBeforeAGracefulStopAreNotSentAgainAfterTheRestart() throws Exception {
        receiver.stubFor(post(urlEqualTo("/replies")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messageId\":\"{{jsonPath request.body '$.replyId'}}\"}").withTransformers("response-template")));
        receiver.start();
        Map<String, String> environment = Map.of("OMNIQUEUE_API_TOKENS", TOKEN, "OMNIQUEUE_DEMO_ENABLED", "false");

        try (ServiceProcess accepting = ServiceProcess.in(workDir, environment, List.of("--omniqueue.outbox.dispatch=false"))) {
            Files.writeString(workDir.resolve("config/channels.yaml"), channels());
            accepting.start();
            ReplyBacklog.accept(accepting.port(), TOKEN, "stop-webhook", REPLIES, CLIENTS);
            accepting.stop();
        }
        try (ServiceProcess draining = ServiceProcess.in(workDir, environment, List.of())) {
            Files.writeString(workDir.resolve("config/channels.yaml"), channels());
            draining.start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> requests() >= REPLIES / 5);
            draining.stop(); // mid-drain: sends in flight, sent replies not yet recorded
            int beforeRestart = requests();
            assertThat(beforeRestart).as("stopped mid-drain").isLessThan(REPLIES);

            draining.start();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> idempotencyKeys().size() >= REPLIES);
            // A reply sent twice would come in with the others: wait until the receiver hears nothing new.
            AtomicInteger lastCount = new AtomicInteger(-1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> lastCount.getAndSet(requests()) == requests());

            Map<String, Long> sends = idempotencyKeys();
            assertThat(sends).as("every reply reached the receiver").hasSize(REPLIES);
            assertThat(sends.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("replies sent twice (%d sent before the stop)", beforeRestart).isEmpty();
        }
    }

    private static Path workDir() {
        try {
            return Files.createDirectories(Path.of("target", "it-work", "graceful-stop-" + System.currentTimeMillis()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int requests() {
        return receiver.getAllServeEvents().size();
    }

    /** How often each reply's Idempotency-Key reached the receiver. */
    private Map<String, Long> idempotencyKeys() {
        return receiver.getAllServeEvents().stream().map(e -> e.getRequest().getHeader("Idempotency-Key"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private String channels() {
        return """
                omniqueue:
                  channels:
                    - id: stop-webhook
                      kind: webhook
                      callback-url: http://localhost:%d/replies
                      sla:
                        contract: PT24H
                """.formatted(receiver.port());
    }
}
