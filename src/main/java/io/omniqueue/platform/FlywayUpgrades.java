package io.omniqueue.platform;

import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets a node start on a database another release migrated, across the PostgreSQL-only migration
 * of Quartz's tables ({@code db/vendor/postgresql/V100}), which is numbered above every shared
 * migration added since it (V5 on). Set here rather than in {@code config/}, so that an operator's
 * own copy of the configuration cannot drop it.
 * <ul>
 * <li>Out of order: a newer release's shared migrations lie below V100, which the database has
 * already; Flyway's default refuses them as "not applied" and the node did not start.</li>
 * <li>Ignoring missing ones as well as future ones: an older node (the other one of a rolling
 * upgrade, or a binary rolled back) finds V100 as its latest and the newer migrations applied
 * below it, which Flyway calls missing rather than future and refuses. Flyway still refuses a
 * migration whose file changed after it was applied.</li>
 * </ul>
 * H2 has no V100: there a newer migration is future to an older node already, and nothing is
 * applied out of order.
 */
@Configuration(proxyBeanMethods = false)
class FlywayUpgrades {

    @Bean
    FlywayConfigurationCustomizer migrationsAcrossTheVendorOnes() {
        return configuration -> configuration.outOfOrder(true).ignoreMigrationPatterns("*:future", "*:missing");
    }
}
