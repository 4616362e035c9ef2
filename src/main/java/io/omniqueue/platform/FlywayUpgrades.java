package io.omniqueue.platform;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets a node start on a database another release migrated, across the PostgreSQL-only migration
 * of Quartz's tables ({@code db/vendor/postgresql/V100}), which is numbered above every shared
 * migration added since it (V5 on). In code rather than in {@code config/}, so that an operator's
 * own copy of the configuration cannot drop it.
 * <ul>
 * <li>A newer node finds shared migrations to apply below V100, which the database has already.
 * Flyway's default refuses them as "not applied" (the node did not start); they are applied out
 * of order then, and only then: Flyway warns at every start made in that mode.</li>
 * <li>An older node (the other one of a rolling upgrade, or a binary rolled back) finds
 * migrations applied below its latest, V100, that it does not know: Flyway calls them missing
 * rather than future, and refused them too. Both are ignored. Flyway still refuses a migration
 * whose file changed after it was applied.</li>
 * </ul>
 * H2 has no V100: there a newer migration is future to an older node already, and nothing is ever
 * below the latest applied.
 */
@Configuration(proxyBeanMethods = false)
class FlywayUpgrades {

    private static final Logger log = LoggerFactory.getLogger(FlywayUpgrades.class);

    @Bean
    FlywayConfigurationCustomizer migrationsAnOlderNodeDoesNotKnow() {
        return configuration -> configuration.ignoreMigrationPatterns("*:future", "*:missing");
    }

    @Bean
    FlywayMigrationStrategy migrationsBelowTheLatestApplied() {
        return flyway -> {
            long below = Arrays.stream(flyway.info().all()).map(MigrationInfo::getState)
                    .filter(state -> state == MigrationState.IGNORED).count();
            if (below == 0) {
                flyway.migrate();
                return;
            }
            log.info("Applying {} migration(s) numbered below the latest one applied (Quartz's V100 on PostgreSQL), out of order",
                    below);
            Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration())
                    .outOfOrder(true).load().migrate();
        };
    }
}
