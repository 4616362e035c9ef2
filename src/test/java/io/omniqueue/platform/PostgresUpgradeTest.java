package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.OmniqueueApplication;
import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.TestChannels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An operator upgrades a PostgreSQL deployment by starting the new release on its database
 * (README "Upgrading"). Quartz's tables came in a PostgreSQL-only migration numbered V100, so a
 * database made by an earlier release has V100 applied and, below it, the shared migrations that
 * release knew. Every shared migration added since is numbered below V100: Flyway's default
 * refuses them as "not applied" and the node does not start. They must be applied.
 */
class PostgresUpgradeTest {

    /** The last shared migration of the release that first had V100 (2026-11-22); V22 came a week later. */
    private static final int EARLIER_RELEASE_LAST = 21;
    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.sql$");

    @Test
    void databaseOfAnEarlierReleaseIsUpgradedOnStartDespiteQuartzMigrationNumberedAboveTheNewOnes(@TempDir Path earlier)
            throws IOException {
        List<Integer> shared = new ArrayList<>();
        for (Resource migration : new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*.sql")) {
            Matcher m = VERSION.matcher(migration.getFilename());
            assertThat(m.matches()).as(migration.getFilename()).isTrue();
            int version = Integer.parseInt(m.group(1));
            shared.add(version);
            if (version <= EARLIER_RELEASE_LAST) {
                try (InputStream in = migration.getInputStream()) {
                    Files.copy(in, earlier.resolve(migration.getFilename()));
                }
            }
        }
        assertThat(shared).as("migrations added since the earlier release").anyMatch(v -> v > EARLIER_RELEASE_LAST);
        String url = EmbeddedPostgresDatabases.newDatabaseUrl();
        // The earlier release's database: its shared migrations and Quartz's tables.
        Flyway.configure().dataSource(url, "postgres", "")
                .locations("filesystem:" + earlier, "classpath:db/vendor/postgresql")
                .load().migrate();

        try (ConfigurableApplicationContext node = start(url)) {
            JdbcClient jdbc = node.getBean(JdbcClient.class);
            List<Integer> applied = jdbc.sql("select cast(version as integer) from flyway_schema_history where success and version is not null")
                    .query(Integer.class).list();
            assertThat(applied).containsAll(shared).contains(100);
            // The upgraded schema is the new release's: a column of a migration above V21 is there.
            assertThat(jdbc.sql("select count(*) from conversation where queue_changed_at is null").query(Long.class).single())
                    .isZero();
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        Map<String, String> p = new HashMap<>(TestChannels.properties("http://127.0.0.1:9"));
        p.put("spring.profiles.active", "postgres");
        p.put("spring.datasource.url", url);
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "");
        p.put("server.port", "0");
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(OmniqueueApplication.class).run(args);
    }
}
