package io.omniqueue.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients, each with its own keep-alive HTTP/1.1 connection, sending requests back to back for
 * a while. Client c's k-th request comes from {@code requests} (k goes on across runs, so a client
 * can own its own conversations); each answer must have the expected status.
 */
final class HttpLoad {

    private final int clients;
    private final boolean retryUnanswered;
    private final List<HttpClient> connections = new ArrayList<>();
    private final List<AtomicLong> next = new ArrayList<>();

    /** Client c's k-th request. */
    interface Requests {
        HttpRequest make(int client, long k);
    }

    HttpLoad(int clients) {
        this(clients, false);
    }

    /**
     * @param retryUnanswered send a request again, once, when its connection closed before any
     *     answer (WireMock's server did so now and then on a loaded machine): only for requests that
     *     may arrive twice, such as the direct POSTs of a limit; never for the service's ingest, whose
     *     second copy is answered as a duplicate
     */
    HttpLoad(int clients, boolean retryUnanswered) {
        this.clients = clients;
        this.retryUnanswered = retryUnanswered;
        for (int c = 0; c < clients; c++) {
            connections.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build());
            next.add(new AtomicLong());
        }
    }

    /** Runs for the given time; returns requests per second. Request numbers go on across calls. */
    double run(Duration duration, int expectedStatus, Requests requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long end = System.nanoTime() + duration.toNanos();
            List<Future<Long>> done = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int client = c;
                HttpClient http = connections.get(c);
                done.add(pool.submit(() -> {
                    long count = 0;
                    while (System.nanoTime() < end) {
                        HttpRequest request = requests.make(client, next.get(client).getAndIncrement());
                        HttpResponse<String> answer = send(http, request, retryUnanswered);
                        if (answer.statusCode() != expectedStatus) {
                            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                                    + answer.statusCode() + ": " + answer.body());
                        }
                        count++;
                    }
                    return count;
                }));
            }
            long total = 0;
            for (Future<Long> f : done) {
                total += f.get();
            }
            return total / ((System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Requests sent so far, all clients together. */
    long sent() {
        return next.stream().mapToLong(AtomicLong::get).sum();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request, boolean retryUnanswered) throws IOException {
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException unanswered) {
                if (!retryUnanswered) {
                    throw unanswered;
                }
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
