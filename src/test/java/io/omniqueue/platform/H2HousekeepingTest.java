package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The embedded H2 file under steady commits, as the service opens it ({@code WRITE_DELAY=0}), with
 * and without {@link H2Housekeeping}. H2 keeps a chunk whose pages died for its
 * {@code RETENTION_TIME} (45 s); these files set it to 0 so that the test need not wait.
 */
class H2HousekeepingTest {

    private static final int ROWS = 20_000;
    private static final int COMMITS = 1_500;
    private static final int HOUSEKEEPING_EVERY = 50;

    @Test
    void withoutHousekeepingTheFileGrowsByEveryCommitAndWithItItsSpaceIsReused(@TempDir Path dir) throws Exception {
        long without = fileAfterCommits(dir.resolve("without"), false);
        long with = fileAfterCommits(dir.resolve("with"), true);

        assertThat(with).as("file bytes with housekeeping, against %d without", without).isLessThan(without / 3);
    }

    @Test
    void settingsRefuseAPeriodThatIsNotPositiveAndAFillRateThatIsNoPercentage() {
        assertThatThrownBy(() -> new H2HousekeepingSettings(Duration.ZERO, 80, DataSize.ofMegabytes(32)))
                .hasMessageContaining("period");
        assertThatThrownBy(() -> new H2HousekeepingSettings(Duration.ofSeconds(1), 101, DataSize.ofMegabytes(32)))
                .hasMessageContaining("target-fill-rate");
        assertThatThrownBy(() -> new H2HousekeepingSettings(Duration.ofSeconds(1), -1, DataSize.ofMegabytes(32)))
                .hasMessageContaining("target-fill-rate");
        assertThatThrownBy(() -> new H2HousekeepingSettings(Duration.ofSeconds(1), 80, DataSize.ofBytes(0)))
                .hasMessageContaining("rewrite-per-run");
    }

    /** Rows rewritten at random, a few a commit, as follow-ups move conversations in the queue indexes. */
    private static long fileAfterCommits(Path dir, boolean housekeeping) throws Exception {
        Files.createDirectories(dir);
        String url = H2Durability.durable("jdbc:h2:file:" + dir.resolve("db") + ";RETENTION_TIME=0");
        try (HikariDataSource pool = pool(url)) {
            H2Housekeeping keeper = new H2Housekeeping(pool, settings(80));
            try (Connection c = pool.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("create table item (id bigint primary key, label varchar(200), due bigint)");
                    s.execute("create index ix_item_due on item (due, id)");
                    s.execute("insert into item select x, 'an item with a label of some length ' || x, x from system_range(1, " + ROWS + ")");
                }
                c.setAutoCommit(false);
                Random random = new Random(7);
                try (PreparedStatement update = c.prepareStatement("update item set due = ?, label = ? where id = ?")) {
                    for (int commit = 1; commit <= COMMITS; commit++) {
                        for (int row = 0; row < 5; row++) {
                            update.setLong(1, random.nextInt(1_000_000));
                            update.setString(2, "an item rewritten at commit " + commit);
                            update.setLong(3, 1 + random.nextInt(ROWS));
                            update.executeUpdate();
                        }
                        c.commit();
                        if (housekeeping && commit % HOUSEKEEPING_EVERY == 0) {
                            keeper.run();
                        }
                    }
                }
                return H2Housekeeping.storeOf(c).getFileStore().size();
            }
        }
    }

    private static H2HousekeepingSettings settings(int fillRate) {
        return new H2HousekeepingSettings(Duration.ofSeconds(1), fillRate, DataSize.ofMegabytes(32));
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        pool.setMaximumPoolSize(2);
        return pool;
    }
}
