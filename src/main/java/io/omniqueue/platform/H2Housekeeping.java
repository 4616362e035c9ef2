package io.omniqueue.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file from growing as long as the service runs. Every commit writes the
 * pages it changed to the file as a new chunk; H2 frees a chunk once no live page is left in it,
 * and rewrites the few live pages of nearly empty chunks so that they can be freed: housekeeping
 * that H2 runs only in its background writer, which {@code WRITE_DELAY=0} ({@link H2Durability})
 * turns off. Without it the file grew by every commit's chunk: 2.3 GB after 200 s of 50 commits a
 * second in a test program, still growing, where the same with this run every second stayed at
 * 1.2–1.3 GB from the 75th second on (H2 keeps a chunk 45 s after its pages died, its
 * {@code RETENTION_TIME}, so the file holds about what 45 s of commits write). This runs H2's own
 * compaction ({@link MVStore#compact}) on the {@code h2-housekeeping} timer instead; on any other
 * database it does nothing.
 */
@Component("h2Housekeeping")
public class H2Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource dataSource;
    private final H2HousekeepingSettings settings;
    private final boolean embeddedFile;

    H2Housekeeping(DataSource dataSource, H2HousekeepingSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.embeddedFile = settings.targetFillRate() > 0 && dataSource instanceof HikariDataSource hikari
                && hikari.getJdbcUrl() != null && H2Durability.isEmbeddedFile(hikari.getJdbcUrl());
    }

    /** One run: rewrites up to {@code rewritePerRun} of the emptiest chunks' live pages if the file is sparse. */
    public void run() {
        if (!embeddedFile) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = storeOf(connection);
            if (store != null && !store.isClosed()) {
                store.compact(settings.targetFillRate(), (int) Math.min(Integer.MAX_VALUE, settings.rewritePerRun().toBytes()));
            }
        } catch (SQLException | RuntimeException e) {
            // The next run tries again; a closing database (shutdown) ends up here too.
            log.debug("H2 housekeeping skipped: {}", e.toString());
        }
    }

    /** The H2 store behind a connection of the pool, or null when it is not an embedded H2 one. */
    static MVStore storeOf(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
                ? local.getDatabase().getStore().getMvStore() : null;
    }
}
