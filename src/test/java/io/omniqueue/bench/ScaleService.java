package io.omniqueue.bench;

import io.omniqueue.OmniqueueApplication;
import io.omniqueue.support.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * The service under measurement: the built jar in its own JVM when failsafe names it (as an
 * operator runs it), else the application in this JVM (while developing with surefire).
 */
final class ScaleService implements AutoCloseable {

    static final String TOKEN = "bench-token";

    private final ServiceProcess process;
    private final ConfigurableApplicationContext context;
    private final int port;
    /** When the service answered as ready. */
    private final long readyNanos = System.nanoTime();

    private ScaleService(ServiceProcess process, ConfigurableApplicationContext context, int port) {
        this.process = process;
        this.context = context;
        this.port = port;
    }

    static ScaleService start(String databaseUrl, Map<String, String> channels) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--omniqueue.security.api-tokens=" + TOKEN,
                "--omniqueue.demo.enabled=false"));
        channels.forEach((key, value) -> args.add("--" + key + "=" + value));
        String jar = System.getProperty("omniqueue.jar");
        if (jar != null && Files.exists(Path.of(jar))) {
            try {
                // -Dbench.service.java-options (a flight recording, GC logging) reach the service as IngestBench's do.
                Map<String, String> environment = Bench.serviceJavaOptions("scale-" + System.currentTimeMillis())
                        .map(options -> Map.of("JAVA_TOOL_OPTIONS", options)).orElse(Map.of());
                ServiceProcess service = Bench.service(Files.createTempDirectory("scale-bench"), environment, args).start();
                return new ScaleService(service, null, service.port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int port = freePort();
        args.add("--server.port=" + port);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OmniqueueApplication.class)
                // This JVM also holds the tests' @TestConfiguration classes: keep them out, as a test context does.
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("scaleTestExclude", new TestClassesExcluded()))
                .run(args.toArray(String[]::new));
        return new ScaleService(null, context, port);
    }

    /** How long the service has been up (since it answered as ready). */
    java.time.Duration uptime() {
        return java.time.Duration.ofNanos(System.nanoTime() - readyNanos);
    }

    int port() {
        return port;
    }

    /** The service's operating-system process (this JVM when it runs in-process). */
    long pid() {
        return process == null ? ProcessHandle.current().pid() : processPid();
    }

    boolean inProcess() {
        return process == null;
    }

    private long processPid() {
        // ServiceProcess keeps its Process private: find our child java running the jar.
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("--server.port=" + port))
                .findFirst().orElseThrow().pid();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        } else {
            context.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class TestClassesExcluded extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName())
                    || reader.getResource().getDescription().contains("test-classes");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TestClassesExcluded;
        }

        @Override
        public int hashCode() {
            return TestClassesExcluded.class.hashCode();
        }
    }
}
