package io.omniqueue.insight;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The several-node database: a real PostgreSQL server, started by the test itself. */
class LanguageAndTopicOnPostgresTest extends LanguageAndTopicContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        EmbeddedPostgresDatabases.register(registry);
    }
}
