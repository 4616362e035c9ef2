package io.omniqueue.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code omniqueue.h2.housekeeping}: the embedded H2 file's compaction while the service runs
 * ({@link H2Housekeeping}); nothing on PostgreSQL.
 *
 * @param period         how often (default 1 s); the {@code h2-housekeeping} Camel timer reads the
 *                       same value, so write it the way Camel reads durations ({@code 1s}, {@code 500ms})
 * @param targetFillRate the share of the file's chunks that holds live data (per cent) under which
 *                       a run rewrites the live pages of the emptiest chunks (default 80, 0 turns it off)
 * @param rewritePerRun  at most this much of those pages a run (default 32 MB)
 */
@ConfigurationProperties("omniqueue.h2.housekeeping")
public record H2HousekeepingSettings(@DefaultValue("1s") Duration period,
                                     @DefaultValue("80") int targetFillRate,
                                     @DefaultValue("32MB") DataSize rewritePerRun) {

    public H2HousekeepingSettings {
        // Refused at start-up: a zero period would run the compaction back to back.
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("omniqueue.h2.housekeeping.period must be positive, not " + period);
        }
        if (targetFillRate < 0 || targetFillRate > 100) {
            throw new IllegalArgumentException("omniqueue.h2.housekeeping.target-fill-rate is a percentage (0 turns it off), not "
                    + targetFillRate);
        }
        if (rewritePerRun.toBytes() <= 0) {
            throw new IllegalArgumentException("omniqueue.h2.housekeeping.rewrite-per-run must be positive, not " + rewritePerRun);
        }
    }
}
