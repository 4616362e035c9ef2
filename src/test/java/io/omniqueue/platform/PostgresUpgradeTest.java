package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import io.omniqueue.support.RestartableService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An operator upgrades a PostgreSQL deployment by starting the new release on its database
 * (README "Upgrading"). Quartz's tables came in a PostgreSQL-only migration numbered V100, so a
 * database made by an earlier build has V100 applied and, below it, the shared migrations that
 * build knew. Every shared migration added since is numbered below V100: Flyway's default refuses
 * them as "not applied" and the node did not start. And the other way round, an older node of a
 * rolling upgrade finds migrations applied below its latest (V100) that it does not know: Flyway's
 * default refuses them as "missing", not "future", and it did not start either.
 */
class PostgresUpgradeTest {

    /** The last shared migration when V100 came in (2026-11-22); V5 and the others came on 2026-11-30. */
    private static final int EARLIER_RELEASE_LAST = 4;
    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.sql$");

    @Test
    void databaseOfAnEarlierBuildIsUpgradedOnStartDespiteQuartzMigrationNumberedAboveTheNewOnes(@TempDir Path earlier)
            throws IOException {
        List<Integer> shared = earlierMigrations(earlier);
        String url = EmbeddedPostgresDatabases.newDatabaseUrl();
        // The earlier build's database: its shared migrations and Quartz's tables.
        Flyway.configure().dataSource(url, "postgres", "")
                .locations("filesystem:" + earlier)
                .load().migrate();

        try (ConfigurableApplicationContext node = RestartableService.start(RestartableService.postgresProperties(url))) {
            JdbcClient jdbc = node.getBean(JdbcClient.class);
            List<Integer> applied = jdbc.sql("select cast(version as integer) from flyway_schema_history where success and version is not null")
                    .query(Integer.class).list();
            assertThat(applied).containsAll(shared).contains(100);
            // The upgraded schema is the new release's: a column of a later migration (V24) is there.
            assertThat(jdbc.sql("select count(*) from conversation where queue_changed_at is null").query(Long.class).single())
                    .isZero();
        }
    }

    @Test
    void olderNodeStillStartsOnADatabaseANewerNodeMigrated(@TempDir Path earlier) throws IOException {
        earlierMigrations(earlier);
        String url = EmbeddedPostgresDatabases.newDatabaseUrl();
        try (ConfigurableApplicationContext newer = RestartableService.start(RestartableService.postgresProperties(url))) {
            assertThat(newer.isRunning()).isTrue();
        }
        // The older node knows only the earlier migrations (and V100): the ones applied since are unknown to it.
        Map<String, String> older = RestartableService.postgresProperties(url);
        older.put("spring.flyway.locations", "filesystem:" + earlier);
        try (ConfigurableApplicationContext node = RestartableService.start(older)) {
            assertThat(node.getBean(JdbcClient.class).sql("select count(*) from conversation").query(Long.class).single())
                    .isZero();
        }
    }

    /**
     * Copies the shared migrations up to {@link #EARLIER_RELEASE_LAST} there, and Quartz's V100, the
     * one PostgreSQL migration that build had (later PostgreSQL-only ones, like V30's indexes on
     * tables of V12, need the newer shared ones); returns every shared version.
     */
    private static List<Integer> earlierMigrations(Path earlier) throws IOException {
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
        try (InputStream in = new org.springframework.core.io.ClassPathResource("db/vendor/postgresql/V100__quartz_job_store.sql").getInputStream()) {
            Files.copy(in, earlier.resolve("V100__quartz_job_store.sql"));
        }
        assertThat(shared).as("migrations added since the earlier build").anyMatch(v -> v > EARLIER_RELEASE_LAST);
        return shared;
    }
}
