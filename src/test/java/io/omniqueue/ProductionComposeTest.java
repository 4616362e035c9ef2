package io.omniqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.support.Dockerfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The production example ({@code config/examples/production}) checked without Docker: the compose
 * file runs PostgreSQL, two nodes built from this project's Dockerfile and the balancer; the nodes'
 * environment names are the ones the configuration reads, and every setting it requires is given;
 * the config files land where the image reads them; the balancer checks readiness and keeps
 * browsers on their node. {@code DockerfileEntrypointIT} starts the jar with these files.
 */
class ProductionComposeTest {

    static final Path DIR = Path.of("config/examples/production");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final List<String> NODES = List.of("node1", "node2");

    private final Map<String, Object> compose = yaml(DIR.resolve("compose.yaml"));
    private final Map<String, Object> services = map(compose.get("services"));

    @Test
    void theComposeFileRunsPostgresTwoNodesAndTheBalancer() {
        assertThat(services).containsOnlyKeys("db", "node1", "node2", "lb");
        assertThat((String) map(services.get("db")).get("image")).matches("postgres:(1[5-9]|[2-9]\\d)(\\..*)?");
        assertThat((String) map(services.get("lb")).get("image")).matches("haproxy:\\d+\\.\\d+.*");
        assertThat(NODES).allSatisfy(n -> assertThat(node(n).get("image")).isEqualTo(node("node1").get("image")));
        assertThat(services).allSatisfy((name, service) -> {
            if (!name.equals("lb")) {
                assertThat(map(service)).as("only the balancer is reached from outside: %s", name).doesNotContainKey("ports");
            }
        });
    }

    @Test
    void theNodesAreBuiltFromThisProjectsDockerfile() throws IOException {
        for (String name : NODES) {
            Map<String, Object> build = map(node(name).get("build"));
            Path context = DIR.resolve((String) build.get("context")).normalize();
            assertThat(context.toRealPath()).isEqualTo(Path.of("").toRealPath());
            assertThat(context.resolve((String) build.getOrDefault("dockerfile", "Dockerfile"))).exists();
        }
    }

    @Test
    void theNodesUseTheDatabaseTheComposeFileCreatesOnceItIsReady() {
        Map<String, Object> db = map(services.get("db"));
        Map<String, Object> dbEnv = map(db.get("environment"));
        assertThat(db).containsKey("healthcheck");
        for (String name : NODES) {
            Map<String, Object> env = environment(name);
            assertThat(env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://db:5432/" + dbEnv.get("POSTGRES_DB"));
            assertThat(env.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(dbEnv.get("POSTGRES_USER"));
            assertThat(variable(env.get("SPRING_DATASOURCE_PASSWORD"))).isEqualTo(variable(dbEnv.get("POSTGRES_PASSWORD")));
            assertThat(List.of(((String) env.get("SPRING_PROFILES_ACTIVE")).split(","))).contains("postgres", "production");
            assertThat(map(map(node(name).get("depends_on")).get("db"))).containsEntry("condition", "service_healthy");
        }
    }

    @Test
    void everyVariableGivenToTheNodesIsReadByTheConfiguration() throws IOException {
        Set<String> read = new HashSet<>(Set.of("SPRING_PROFILES_ACTIVE"));
        for (Path file : configurationFiles()) {
            placeholders(file).keySet().forEach(read::add);
        }
        for (String name : NODES) {
            assertThat(read).as("variables read by %s", configurationFiles()).containsAll(environment(name).keySet());
        }
    }

    @Test
    void everySettingTheProductionFilesRequireIsGivenToTheNodes() throws IOException {
        for (Path file : List.of(DIR.resolve("application-production.yaml"), DIR.resolve("channels.yaml"))) {
            placeholders(file).forEach((variable, hasDefault) -> {
                if (!hasDefault) {
                    NODES.forEach(name -> assertThat(environment(name)).as("%s requires %s", file, variable).containsKey(variable));
                }
            });
        }
    }

    @Test
    void theConfigFilesAreMountedWhereTheImageReadsThem() {
        String workdir = Dockerfile.of(Path.of("Dockerfile")).finalStage().last("WORKDIR").orElseThrow().arguments();
        for (String name : NODES) {
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) node(name).get("volumes");
            assertThat(volumes).contains(
                    "./application-production.yaml:" + workdir + "/config/application-production.yaml:ro",
                    "./channels.yaml:" + workdir + "/config/channels.yaml:ro");
            volumes.forEach(v -> assertThat(DIR.resolve(v.split(":")[0])).exists());
        }
    }

    @Test
    void theNodesHaveAMemoryLimitForTheHeapToFollowAndTimeToStopGracefully() throws IOException {
        String production = Files.readString(DIR.resolve("application-production.yaml"));
        Matcher shutdown = Pattern.compile("timeout-per-shutdown-phase: (\\d+)s").matcher(production);
        assertThat(shutdown.find()).isTrue();
        // Milliseconds, as Camel's HTTP component takes them: a value with a unit does not match.
        String http = Files.readString(Path.of("config", "application.yaml"));
        Matcher connect = Pattern.compile("(?m)^\\s+connect-timeout: (\\d+)$").matcher(http);
        Matcher response = Pattern.compile("(?m)^\\s+response-timeout: (\\d+)$").matcher(http);
        assertThat(connect.find()).isTrue();
        assertThat(response.find()).isTrue();
        Duration httpTimeout = Duration.ofMillis(Long.parseLong(connect.group(1)) + Long.parseLong(response.group(1)));
        for (String name : NODES) {
            Map<String, Object> limits = map(map(map(node(name).get("deploy")).get("resources")).get("limits"));
            assertThat((String) limits.get("memory")).matches("\\d+[mg]");
            Duration grace = Duration.ofSeconds(Long.parseLong(((String) node(name).get("stop_grace_period")).replace("s", "")));
            // The web phase, then the polls and sends in flight, which the HTTP timeouts cut short.
            assertThat(grace).isGreaterThan(Duration.ofSeconds(Long.parseLong(shutdown.group(1))).plus(httpTimeout));
        }
    }

    @Test
    void theBalancerChecksReadinessAndKeepsEachBrowserOnItsNode() throws IOException {
        String haproxy = Files.readString(DIR.resolve("haproxy.cfg"));
        String port = Dockerfile.of(Path.of("Dockerfile")).finalStage().last("EXPOSE").orElseThrow().arguments();
        assertThat(haproxy).containsPattern("(?m)^\\s*http-check send meth GET uri /actuator/health/readiness\\b")
                .containsPattern("(?m)^\\s*http-check expect status 200$")
                .containsPattern("(?m)^\\s*cookie OQ_NODE insert indirect nocache\\b");
        Matcher servers = Pattern.compile("(?m)^\\s*server (\\S+) (\\S+):(\\d+) (.*)$").matcher(haproxy);
        Set<String> hosts = new HashSet<>();
        while (servers.find()) {
            hosts.add(servers.group(2));
            assertThat(servers.group(3)).isEqualTo(port);
            assertThat(servers.group(4)).contains("check").contains("cookie " + servers.group(1));
        }
        assertThat(hosts).containsExactlyInAnyOrderElementsOf(NODES);
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) map(services.get("lb")).get("volumes");
        assertThat(volumes).contains("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    }

    @Test
    void theEnvExampleListsEveryVariableTheComposeFileAsksFor() throws IOException {
        String example = Files.readString(DIR.resolve("env.example"));
        Matcher used = COMPOSE_VARIABLE.matcher(Files.readString(DIR.resolve("compose.yaml")));
        while (used.find()) {
            assertThat(example).as("env.example").containsPattern("(?m)^" + used.group(1) + "=");
        }
    }

    private List<Path> configurationFiles() {
        return List.of(Path.of("config/application.yaml"), Path.of("config/application-postgres.yaml"),
                DIR.resolve("application-production.yaml"), DIR.resolve("channels.yaml"));
    }

    /** Each ${NAME} or ${NAME:default} of a Spring configuration file, and whether it has a default. */
    private static Map<String, Boolean> placeholders(Path file) throws IOException {
        Map<String, Boolean> found = new LinkedHashMap<>();
        Matcher m = PLACEHOLDER.matcher(Files.readString(file));
        while (m.find()) {
            found.merge(m.group(1), m.group(2) != null, Boolean::logicalAnd);
        }
        return found;
    }

    private Map<String, Object> node(String name) {
        return map(services.get(name));
    }

    private Map<String, Object> environment(String node) {
        return map(node(node).get("environment"));
    }

    private static String variable(Object value) {
        Matcher m = COMPOSE_VARIABLE.matcher(String.valueOf(value));
        assertThat(m.find()).as("a variable in %s", value).isTrue();
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
