package io.omniqueue.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backlog of replies in a running service, built through its API as sellers would: one customer
 * message per conversation (threads {@code t-0}, {@code t-1}, ...), then one reply to each, from
 * several clients at once. Used where the outbox's drain is what is measured or tested.
 */
public final class ReplyBacklog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplyBacklog() {
    }

    /** Accepts {@code replies} replies on the channel, {@code clients} at a time; every call must be accepted (202). */
    public static void accept(int port, String token, String channel, int replies, int clients) throws Exception {
        String base = "http://localhost:" + port;
        Instant sentAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    int i;
                    while ((i = next.getAndIncrement()) < replies) {
                        String accepted = send(http, token, base + "/api/inbound/" + channel, """
                                {"threadId":"t-%d","messageId":"m-%d","customer":{"name":"Customer %d","email":"c%d@example.com"},
                                 "subject":"Question","body":"Is it in stock?","sentAt":"%s"}""".formatted(i, i, i, i, sentAt));
                        send(http, token, base + "/api/conversations/" + JSON.readTree(accepted).get("conversationId").asLong()
                                + "/replies", "{\"body\":\"Yes, it ships tomorrow. (" + i + ")\"}");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String send(HttpClient http, String token, String url, String json) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("%s: %s", url, answer.body()).isEqualTo(202);
        return answer.body();
    }
}
