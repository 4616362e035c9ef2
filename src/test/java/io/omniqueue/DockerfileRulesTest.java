package io.omniqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.support.Dockerfile;
import io.omniqueue.support.Dockerfile.Instruction;
import io.omniqueue.support.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile checked without a Docker engine: the rules of a Dockerfile linter that matter
 * for this image (pinned bases, no root, apt used cleanly, no secret baked in, exec-form entry
 * point) and the ones only this project can check (the jar Maven builds, the port and data
 * directory the configuration uses, a heap sized by the container's limit). CI also runs a
 * syntax linter on it ({@code .ci/run}); {@code DockerfileEntrypointIT} runs its java line.
 */
class DockerfileRulesTest {

    private static final Path FILE = Path.of("Dockerfile");
    private final Dockerfile dockerfile = Dockerfile.of(FILE);
    private final Stage image = dockerfile.finalStage();

    @Test
    void everyBaseImageIsPinnedToAVersion() {
        Set<String> stageNames = new HashSet<>();
        for (Stage stage : dockerfile.stages()) {
            String image = stage.image();
            if (!stageNames.contains(image)) {
                assertThat(image).as("FROM %s (line %d)", image, stage.from().line())
                        .matches(".+(:[^:/]+|@sha256:[0-9a-f]{64})$")
                        .doesNotEndWith(":latest");
            }
            String[] words = stage.from().arguments().split("\\s+");
            if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
                stageNames.add(words[2]);
            }
        }
    }

    @Test
    void theImageRunsItsProcessAsAnUnprivilegedUser() {
        Instruction user = image.last("USER").orElseThrow(() -> new AssertionError("the image has no USER: it would run as root"));
        assertThat(user.arguments().split(":")[0]).isNotIn("root", "0");
        Instruction entrypoint = entrypoint();
        assertThat(user.line()).as("USER comes before ENTRYPOINT").isLessThan(entrypoint.line());
    }

    @Test
    void theEntrypointIsTheJavaLineInExecFormRunningTheCopiedJar() {
        List<String> line = entrypointLine();
        assertThat(line.get(0)).isEqualTo("java");
        int jar = line.indexOf("-jar");
        assertThat(jar).as("-jar in %s", line).isPositive().isLessThan(line.size() - 1);
        String jarDestination = image.all("COPY").stream().filter(c -> c.flag("from").isPresent())
                .map(c -> c.arguments().split("\\s+")).filter(a -> a[0].endsWith(".jar")).map(a -> a[a.length - 1])
                .findFirst().orElseThrow(() -> new AssertionError("no jar copied from the build stage"));
        assertThat(line.get(jar + 1)).isEqualTo(jarDestination);
        assertThat(image.all("CMD")).as("a CMD would be appended to the entry point's arguments").isEmpty();
    }

    @Test
    void theHeapIsSizedByTheContainersMemoryLimitAndAnOutOfMemoryErrorEndsTheProcess() {
        List<String> options = jvmOptions();
        assertThat(options).noneMatch(o -> o.startsWith("-Xmx") || o.startsWith("-Xms") || o.startsWith("-XX:MaxHeapSize"));
        String percentage = options.stream().filter(o -> o.startsWith("-XX:MaxRAMPercentage=")).findFirst()
                .orElseThrow(() -> new AssertionError("no -XX:MaxRAMPercentage in " + options));
        assertThat(Double.parseDouble(percentage.substring(percentage.indexOf('=') + 1)))
                .as("heap share of the container's memory: room is left for metaspace, threads and buffers")
                .isBetween(50.0, 80.0);
        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(options).doesNotContain("-XX:-UseContainerSupport");
    }

    @Test
    void theHealthCheckCallsAProbeThatNeedsNoTokenWithAToolTheImageHas() {
        Instruction check = image.last("HEALTHCHECK").orElseThrow(() -> new AssertionError("no HEALTHCHECK"));
        assertThat(check.flags()).anyMatch(f -> f.startsWith("--interval=")).anyMatch(f -> f.startsWith("--timeout="))
                .anyMatch(f -> f.startsWith("--start-period="));
        assertThat(check.arguments()).startsWith("CMD ");
        assertThat(healthCheckUrl(check)).matches("http://localhost:" + exposedPort() + "/actuator/health/(liveness|readiness)");
        String tool = check.arguments().split("\\s+")[1];
        assertThat(image.all("RUN")).as("the stage installs %s", tool)
                .anyMatch(run -> run.arguments().matches("(?s).*apt-get install[^&]*\\b" + Pattern.quote(tool) + "\\b.*"));
    }

    @Test
    void aptInstallsWithoutRecommendsAndLeavesNoPackageListsBehind() {
        for (Stage stage : dockerfile.stages()) {
            for (Instruction run : stage.all("RUN")) {
                String command = run.arguments();
                if (command.contains("apt-get install")) {
                    assertThat(command).as("RUN at line %d", run.line())
                            .contains("apt-get update")
                            .containsPattern("apt-get install[^&;]*\\s-y\\b")
                            .contains("--no-install-recommends")
                            .contains("rm -rf /var/lib/apt/lists/*");
                }
                assertThat(command).as("RUN at line %d", run.line()).doesNotContain("apt-get upgrade").doesNotContain("sudo ");
            }
        }
    }

    @Test
    void localFilesAreCopiedNotAddedAndAllExist() {
        assertThat(dockerfile.stages()).allSatisfy(stage -> assertThat(stage.all("ADD")).as("ADD fetches and unpacks: use COPY").isEmpty());
        for (Stage stage : dockerfile.stages()) {
            for (Instruction copy : stage.all("COPY")) {
                if (copy.flag("from").isEmpty()) {
                    String[] words = copy.arguments().split("\\s+");
                    for (String source : Arrays.asList(words).subList(0, words.length - 1)) {
                        assertThat(Path.of(source)).as("COPY %s (line %d)", source, copy.line()).exists();
                    }
                }
            }
        }
    }

    @Test
    void noSecretIsBakedIntoTheImage() {
        Pattern secret = Pattern.compile("(?i)\\b\\w*(password|secret|token|api_?key)\\w*\\s*=\\s*\\S+");
        for (Stage stage : dockerfile.stages()) {
            for (Instruction instruction : stage.instructions()) {
                if (Set.of("ENV", "ARG", "LABEL").contains(instruction.keyword())) {
                    assertThat(instruction.arguments()).as("%s at line %d", instruction.keyword(), instruction.line())
                            .doesNotContainPattern(secret);
                }
            }
        }
    }

    @Test
    void theImageServesThePortAndKeepsTheDataDirectoryTheConfigurationUses() throws IOException {
        String application = Files.readString(Path.of("config/application.yaml"));
        Matcher port = Pattern.compile("port: \\$\\{PORT:(\\d+)}").matcher(application);
        assertThat(port.find()).as("server.port in config/application.yaml").isTrue();
        assertThat(exposedPort()).isEqualTo(port.group(1));

        String workdir = image.last("WORKDIR").orElseThrow().arguments();
        assertThat(application).as("the H2 database lies under ./data of the working directory")
                .contains("url: jdbc:h2:file:./data/");
        assertThat(image.last("VOLUME").orElseThrow().arguments()).contains(workdir + "/data");
        // The service reads routes/ and config/ from its working directory.
        assertThat(image.all("COPY").stream().filter(c -> c.flag("from").isEmpty()).map(Instruction::arguments))
                .contains("routes routes", "config config");
    }

    @Test
    void theBuildStageCopiesTheJarMavenBuilds() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher artifact = Pattern.compile("</parent>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(artifact.find()).as("the project's coordinates in pom.xml").isTrue();
        String jar = "target/" + artifact.group(1) + "-" + artifact.group(2) + ".jar";
        Instruction copy = image.all("COPY").stream().filter(c -> c.flag("from").isPresent()).findFirst().orElseThrow();
        Stage build = dockerfile.stages().stream().filter(s -> s.from().arguments().endsWith(" AS " + copy.flag("from").get())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + copy.flag("from").get()));
        String source = copy.arguments().split("\\s+")[0];
        String buildDir = build.last("WORKDIR").orElseThrow().arguments();
        assertThat(source).startsWith(buildDir + "/");
        String glob = source.substring(buildDir.length() + 1);
        assertThat(Pattern.matches(glob.replace(".", "\\.").replace("*", "[^/]*"), jar)).as("%s matches %s", glob, jar).isTrue();
        assertThat(build.all("RUN")).anyMatch(r -> r.arguments().contains("mvn") && r.arguments().contains("package"));
    }

    private Instruction entrypoint() {
        return image.last("ENTRYPOINT").orElseThrow(() -> new AssertionError("no ENTRYPOINT"));
    }

    private List<String> entrypointLine() {
        return entrypoint().execForm().orElseThrow(() -> new AssertionError(
                "ENTRYPOINT in shell form: the JVM would not get the stop signal; use [\"java\", ...]"));
    }

    private List<String> jvmOptions() {
        List<String> line = entrypointLine();
        return line.subList(1, line.indexOf("-jar"));
    }

    private String exposedPort() {
        return image.last("EXPOSE").orElseThrow(() -> new AssertionError("no EXPOSE")).arguments().split("[/\\s]")[0];
    }

    static String healthCheckUrl(Instruction check) {
        Matcher url = Pattern.compile("https?://\\S+").matcher(check.arguments());
        assertThat(url.find()).as("a URL in %s", check.arguments()).isTrue();
        return url.group();
    }
}
