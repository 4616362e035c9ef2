package io.omniqueue;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real PostgreSQL, which refuses NUL in text and can't store an unpaired surrogate. */
class HostileInputOnPostgresTest extends HostileInputContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        EmbeddedPostgresDatabases.register(registry);
    }
}
