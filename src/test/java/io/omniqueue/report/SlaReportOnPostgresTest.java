package io.omniqueue.report;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real PostgreSQL server, started by the test itself. */
class SlaReportOnPostgresTest extends SlaReportContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        EmbeddedPostgresDatabases.register(registry);
    }
}
