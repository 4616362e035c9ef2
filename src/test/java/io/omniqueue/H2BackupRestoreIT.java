package io.omniqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The README's H2 compaction, backup and restore, as written: the service stopped, the file
 * compacted ({@code SHUTDOWN COMPACT} through {@code RunScript}), H2's own {@code Script}
 * tool run from the built jar with the URL of {@code config/application.yaml}, the script loaded
 * into an empty {@code data/} with {@code RunScript}, and the service started on it has the message
 * stored before the backup.
 */
class H2BackupRestoreIT {

    private static final String TOKEN = "h2-backup-test-token";
    private static final Map<String, String> ENVIRONMENT = Map.of("OMNIQUEUE_API_TOKENS", TOKEN, "OMNIQUEUE_DEMO_ENABLED", "false");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    @Test
    void aScriptOfTheStoppedAndCompactedDatabaseRestoresEveryStoredMessageIntoAnEmptyDataDirectory() throws Exception {
        Path backup = workDir.resolve("omniqueue-backup.sql");
        long conversation;
        try (ServiceProcess service = ServiceProcess.in(workDir.resolve("node"), ENVIRONMENT, List.of()).start()) {
            HttpResponse<String> stored = send(service, HttpRequest.newBuilder(uri(service, "/api/inbound/shop-contact-form"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"threadId":"backup-1","messageId":"backup-1-1","customer":{"name":"Ana","email":"ana@example.com"},
                             "subject":"Stock","body":"Is the blue one back? (before the backup)","sentAt":"2026-11-30T06:00:00Z"}""")));
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
            conversation = Long.parseLong(stored.body().replaceAll(".*\"conversationId\":(\\d+).*", "$1"));
            service.stop();
            // The README's compaction first: it gives back what the file's retained chunks took, and the backup
            // below, restored, must still hold the message.
            Path file = service.workDir().resolve("data/omniqueue.mv.db");
            long before = Files.size(file);
            Path compact = Files.writeString(workDir.resolve("compact.sql"), "SHUTDOWN COMPACT;\n");
            h2Tool("org.h2.tools.RunScript", service.workDir(), compact);
            assertThat(Files.size(file)).as("the file after SHUTDOWN COMPACT (%d bytes before)", before).isLessThan(before);
            h2Tool("org.h2.tools.Script", service.workDir(), backup);
        }
        assertThat(backup).isNotEmptyFile();

        ServiceProcess restored = ServiceProcess.in(workDir.resolve("restored"), ENVIRONMENT, List.of());
        Files.createDirectories(restored.workDir().resolve("data"));
        h2Tool("org.h2.tools.RunScript", restored.workDir(), backup);
        try (restored) {
            restored.start();
            HttpResponse<String> detail = send(restored, HttpRequest.newBuilder(uri(restored, "/api/conversations/" + conversation)).GET());
            assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
            assertThat(detail.body()).contains("Is the blue one back? (before the backup)");
        }
    }

    /** {@code java -cp <jar> -Dloader.main=<tool> PropertiesLauncher -url <the configured URL> ...}, as in the README. */
    private static void h2Tool(String tool, Path directory, Path script) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("omniqueue.jar"), "-Dloader.main=" + tool,
                "org.springframework.boot.loader.launch.PropertiesLauncher",
                "-url", configuredUrl(), "-user", "sa", "-password", "", "-script", script.toString()));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve(tool + ".log").toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished", tool).isTrue();
        assertThat(process.exitValue()).as("%s: %s", tool, Files.readString(directory.resolve(tool + ".log"))).isZero();
    }

    /** spring.datasource.url of config/application.yaml: the tools must open the file with the service's settings. */
    @SuppressWarnings("unchecked")
    private static String configuredUrl() throws Exception {
        Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("config/application.yaml")));
        Map<String, Object> datasource = (Map<String, Object>) ((Map<String, Object>) yaml.get("spring")).get("datasource");
        return (String) datasource.get("url");
    }

    private URI uri(ServiceProcess service, String path) {
        return URI.create("http://localhost:" + service.port() + path);
    }

    private HttpResponse<String> send(ServiceProcess service, HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
