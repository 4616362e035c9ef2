package io.omniqueue.quarantine;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real PostgreSQL server, started by the test itself. */
class QuarantineCorrectionsOnPostgresTest extends QuarantineCorrectionsContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        EmbeddedPostgresDatabases.register(registry);
    }
}
