package io.omniqueue.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The built jar run as an operator runs it: its own JVM, its own working directory holding a copy
 * of {@code config/} and {@code routes/}, stopped with {@code kill -9} when a test wants a crash.
 * Failsafe passes the jar's path in {@code omniqueue.jar}.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Path workDir;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final int port;
    // A fixed, small heap by default: several engineers' tests share the machine.
    private List<String> jvmOptions = List.of("-Xmx512m");
    private Process process;
    private int starts;

    private ServiceProcess(Path workDir, Map<String, String> environment, List<String> arguments, int port) {
        this.workDir = workDir;
        this.environment = environment;
        this.arguments = arguments;
        this.port = port;
    }

    /** Prepares a working directory like an operator's: the project's config/ and routes/, an empty data/. */
    public static ServiceProcess in(Path workDir, Map<String, String> environment, List<String> arguments) {
        copyTree(Path.of("config"), workDir.resolve("config"));
        copyTree(Path.of("routes"), workDir.resolve("routes"));
        return new ServiceProcess(workDir, environment, arguments, freePort());
    }

    /** Runs the JVM with these options instead of the default small heap: the Dockerfile's own, say. */
    public ServiceProcess withJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    public int port() {
        return port;
    }

    public Path workDir() {
        return workDir;
    }

    /** The running JVM's process id (benchmarks read its memory and CPU from /proc). */
    public long pid() {
        return process.pid();
    }

    /** The process's resident memory in bytes (Linux /proc), or -1 where that can't be read. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // reported as unknown
        }
        return -1;
    }

    /** Starts the jar and waits until it answers as ready. */
    public ServiceProcess start() {
        String jar = System.getProperty("omniqueue.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property omniqueue.jar must name the built jar (run through failsafe), was " + jar);
        }
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar, "--server.port=" + port));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("service-" + (++starts) + ".log").toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // A loaded machine (benchmarks beside other jobs) may need longer: -Domniqueue.start-timeout-seconds.
        await().atMost(Duration.ofSeconds(Long.getLong("omniqueue.start-timeout-seconds", 120))).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + workDir);
            }
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop, nothing flushed by the JVM. */
    public void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    /** A graceful stop, as {@code docker stop} or systemd would do it. */
    public void stop() {
        process.destroy();
        await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
