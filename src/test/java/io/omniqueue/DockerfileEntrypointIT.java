package io.omniqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.support.Dockerfile;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.ServiceProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.yaml.snakeyaml.Yaml;

/**
 * The image's command checked without a Docker engine: the very {@code java ... -jar app.jar} line of
 * the Dockerfile's ENTRYPOINT, with its JVM options, runs the built jar from a working directory laid
 * out like the image's ({@code config/}, {@code routes/}, {@code data/}); it must become ready, pass
 * the image's HEALTHCHECK, and size its heap as the options say. Then the same line with the
 * production example's files and the compose file's environment, on PostgreSQL.
 */
class DockerfileEntrypointIT {

    private static final Dockerfile DOCKERFILE = Dockerfile.of(Path.of("Dockerfile"));
    private static final Path PRODUCTION = Path.of("config/examples/production");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    @Test
    void theDockerfilesJavaLineRunsTheJarReadyHealthyAndWithTheHeapItsOptionsAskFor() throws Exception {
        String token = "entrypoint-test-token-" + hex(8);
        try (ServiceProcess service = launchedAsTheImage(Map.of("OMNIQUEUE_API_TOKENS", token)).start()) {
            HttpResponse<String> health = get(service, healthCheckPath(), null);
            assertThat(health.statusCode()).as("the image's HEALTHCHECK: %s", health.body()).isEqualTo(200);

            String percentage = jvmOptions().stream().filter(o -> o.startsWith("-XX:MaxRAMPercentage=")).findFirst().orElseThrow();
            double share = Double.parseDouble(percentage.substring(percentage.indexOf('=') + 1)) / 100;
            long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
            long heapMax = heapMax(get(service, "/actuator/prometheus", token).body());
            System.out.printf("[entrypoint] %s: heap max %d MB of %d MB memory%n", jvmOptions(), heapMax >> 20, memory >> 20);
            assertThat((double) heapMax).as("heap max with %s", percentage).isBetween(share * memory * 0.85, share * memory * 1.05);
        }
    }

    @Test
    void theDockerfilesJavaLineRunsTheProductionExampleWithTheComposeEnvironmentOnPostgresql() throws Exception {
        Map<String, String> environment = composeNodeEnvironment();
        // The database of compose.yaml ("db") is an embedded PostgreSQL here.
        environment.put("SPRING_DATASOURCE_URL", EmbeddedPostgresDatabases.newDatabaseUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", "postgres");
        environment.put("SPRING_DATASOURCE_PASSWORD", "");
        // No call leaves the machine: the example's Mirakl marketplace is a closed local port.
        environment.put("CARREFOUR_ES_MIRAKL_URL", "http://127.0.0.1:9");

        ServiceProcess service = launchedAsTheImage(environment);
        // As compose.yaml mounts them.
        Files.copy(PRODUCTION.resolve("application-production.yaml"), service.workDir().resolve("config/application-production.yaml"));
        Files.copy(PRODUCTION.resolve("channels.yaml"), service.workDir().resolve("config/channels.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        try (service) {
            service.start();
            assertThat(get(service, healthCheckPath(), null).statusCode()).isEqualTo(200);

            HttpResponse<String> channels = get(service, "/api/channels", environment.get("OMNIQUEUE_HELPDESK_TOKEN"));
            assertThat(channels.statusCode()).as("the helpdesk token of the example: %s", channels.body()).isEqualTo(200);
            assertThat(channels.body()).contains("\"shop-contact-form\"", "\"carrefour-es\"", "\"shop-mailbox\"");
            assertThat(get(service, "/api/channels", environment.get("OMNIQUEUE_OPS_TOKEN")).statusCode()).isEqualTo(200);

            // The inbox's session cookie is marked for HTTPS behind the balancer.
            HttpResponse<String> signIn = get(service, "/login", null);
            assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("JSESSIONID=").contains("Secure").contains("HttpOnly").contains("SameSite=Lax"));
        }
    }

    /** The Dockerfile's entry point: its JVM options, the built jar in place of the image's copy, its arguments. */
    private ServiceProcess launchedAsTheImage(Map<String, String> environment) {
        List<String> line = entrypoint();
        assertThat(line.get(0)).isEqualTo("java");
        List<String> arguments = line.subList(line.indexOf("-jar") + 2, line.size());
        return ServiceProcess.in(workDir, environment, arguments).withJvmOptions(jvmOptions());
    }

    private static List<String> entrypoint() {
        return DOCKERFILE.finalStage().last("ENTRYPOINT").orElseThrow().execForm().orElseThrow();
    }

    private static List<String> jvmOptions() {
        List<String> line = entrypoint();
        return line.subList(1, line.indexOf("-jar"));
    }

    private static String healthCheckPath() {
        String url = DockerfileRulesTest.healthCheckUrl(DOCKERFILE.finalStage().last("HEALTHCHECK").orElseThrow());
        return URI.create(url).getPath();
    }

    /** node1's environment in compose.yaml, each ${VARIABLE} given a value an operator's .env could hold. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> composeNodeEnvironment() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(PRODUCTION.resolve("compose.yaml")));
        Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("node1");
        Map<String, String> environment = new HashMap<>();
        ((Map<String, Object>) node.get("environment")).forEach((name, value) -> {
            String text = String.valueOf(value);
            environment.put(name, text.contains("${") ? exampleValue(name, text) : text);
        });
        return environment;
    }

    private static String exampleValue(String name, String expression) {
        Matcher fallback = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}").matcher(expression);
        if (fallback.matches()) {
            return fallback.group(1);
        }
        if (name.endsWith("_TOKEN")) {
            return hex(32);
        }
        if (name.endsWith("PASSWORD_HASH")) {
            return "{bcrypt}" + new BCryptPasswordEncoder().encode("example-" + hex(8));
        }
        if (name.endsWith("_HOST")) {
            return "127.0.0.1";
        }
        if (name.endsWith("_URL")) {
            return "http://127.0.0.1:9/replies";
        }
        if (name.endsWith("_FROM") || name.endsWith("_RECIPIENTS") || name.endsWith("_USERNAME")) {
            return "omniqueue@shop.example";
        }
        return hex(16);
    }

    /** The heap's maximum as the JVM reports it: the sum of the heap pools' maxima (G1 gives its old gen the whole). */
    private static long heapMax(String prometheus) {
        Matcher m = Pattern.compile("(?m)^jvm_memory_max_bytes\\{([^}]*)}\\s+(\\S+)$").matcher(prometheus);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("area=\"heap\"") && Double.parseDouble(m.group(2)) > 0) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        assertThat(sum).as("jvm_memory_max_bytes for the heap").isPositive();
        return (long) sum;
    }

    private HttpResponse<String> get(ServiceProcess service, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        new Random().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
