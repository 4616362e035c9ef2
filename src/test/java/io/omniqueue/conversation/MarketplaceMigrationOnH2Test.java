package io.omniqueue.conversation;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default: H2 in PostgreSQL mode. In memory rather than in a file: the database is
 * built before the context starts, when a static {@code @TempDir} is not yet set.
 */
class MarketplaceMigrationOnH2Test extends MarketplaceMigrationContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        upgradeFromToday(registry, "jdbc:h2:mem:marketplace-migration-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }
}
