package io.omniqueue.report;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real PostgreSQL server, started by the test itself. */
class SlaDailyOnPostgresTest extends SlaDailyContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        String url = EmbeddedPostgresDatabases.newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
