package io.omniqueue.customer;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The several-node database: a real PostgreSQL server, started by the test itself. */
class CustomersOnPostgresTest extends CustomerContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        EmbeddedPostgresDatabases.register(registry);
    }
}
