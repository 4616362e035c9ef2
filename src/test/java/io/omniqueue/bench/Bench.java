package io.omniqueue.bench;

import java.nio.file.Path;
import java.util.List;

/** The bench run's settings, from system properties the bench profile passes. */
final class Bench {

    /** Concurrent clients of the HTTP benches, as in issue 14. */
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final String TOKEN = "bench-token";

    private Bench() {
    }

    /** The service's metrics as Prometheus scrapes them ({@code /actuator/prometheus}, with the bench's token). */
    static io.omniqueue.support.PrometheusScrape metrics(int port) throws Exception {
        return io.omniqueue.support.PrometheusScrape.parse(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    }

    /** {@code -Dquick} or {@code -Dbench.quick=true}: small sizes for a CI smoke run. */
    static boolean quick() {
        return Boolean.getBoolean("bench.quick") || System.getProperty("quick") != null
                && !"false".equalsIgnoreCase(System.getProperty("quick"));
    }

    static int size(int full, int quick) {
        return quick() ? quick : full;
    }

    /**
     * Extra JVM options for the service process ({@code -Dbench.service.java-options=...}), e.g. a
     * flight recording to see where a request's time goes; {@code %s} becomes the run's name.
     */
    static java.util.Optional<String> serviceJavaOptions(String run) {
        String options = System.getProperty("bench.service.java-options", "");
        return options.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(options.replace("%s", run));
    }

    /**
     * The service as the production example runs a node: the image's JVM options (Dockerfile) with
     * the heap its compose file gives a container (75 % of 1 GB). The test default (512 MB, adaptive
     * marking threshold) had G1 start a concurrent mark every 2 to 4 s under load, about a tenth of
     * the service's CPU, which a node run from the image does not pay.
     */
    static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx768m", "-XX:-G1UseAdaptiveIHOP", "-XX:+ExitOnOutOfMemoryError");

    /** The built jar as its own process, sized as in production ({@link #SERVICE_JVM_OPTIONS}). */
    static io.omniqueue.support.ServiceProcess service(Path workDir, java.util.Map<String, String> environment, List<String> arguments) {
        return io.omniqueue.support.ServiceProcess.in(workDir, environment, arguments).withJvmOptions(SERVICE_JVM_OPTIONS);
    }

    /** A fresh working directory for a bench's service processes, under target/bench-work, kept for their logs. */
    static Path workDir(String bench) {
        Path dir = dir().resolveSibling("bench-work").resolve(bench + "-" + System.currentTimeMillis());
        try {
            return java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path dir() {
        return Path.of(System.getProperty("bench.dir", "target/bench"));
    }
}
