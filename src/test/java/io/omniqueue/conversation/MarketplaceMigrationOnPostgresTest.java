package io.omniqueue.conversation;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The several-node database: a real PostgreSQL server, started by the test itself. */
class MarketplaceMigrationOnPostgresTest extends MarketplaceMigrationContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        upgradeFromToday(registry, EmbeddedPostgresDatabases.newDatabaseUrl(), "postgres", "");
    }
}
