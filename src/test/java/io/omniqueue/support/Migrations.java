package io.omniqueue.support;

import java.util.Arrays;
import java.util.Comparator;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Flyway for tests that write rows as an older release did, then upgrade (a migration's backfill under test). */
public final class Migrations {

    private Migrations() {
    }

    /**
     * Migrates up to the last migration older than {@code version}, whichever that is (versions
     * are given out to parallel branches, so the one just below may not exist yet).
     */
    public static void before(FluentConfiguration flyway, String version) {
        MigrationVersion limit = MigrationVersion.fromVersion(version);
        MigrationVersion last = Arrays.stream(flyway.load().info().all())
                .map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(limit) < 0)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        flyway.target(last).load().migrate();
    }
}
