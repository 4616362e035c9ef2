# syntax=docker/dockerfile:1
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin omniqueue
# The working directory holds routes/ and config/: the service reads both from there.
WORKDIR /app
COPY --from=build /src/target/omniqueue-*.jar app.jar
COPY routes routes
COPY config config
RUN mkdir data && chown omniqueue:omniqueue data
USER omniqueue
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
# Sized by the container's memory limit, not the host's: the heap takes 75 % of the limit and the
# rest is left to metaspace, threads, direct buffers and the JIT. A fixed -Xmx here would ignore
# the limit the operator sets. On an OutOfMemoryError the JVM exits so that the orchestrator
# restarts a clean process instead of leaving a half-working one. More options (a GC log, a heap
# dump path) go in JAVA_TOOL_OPTIONS, which the JVM reads by itself.
# G1 starts marking the old generation at a fixed 45 % of the heap: its adaptive threshold, with
# the language models' 200 MB always live and replies or messages arriving fast, started a
# concurrent mark every 2 to 4 s that freed nothing, about a tenth of the service's CPU.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:-G1UseAdaptiveIHOP", "-XX:+ExitOnOutOfMemoryError", "-jar", "app.jar"]
