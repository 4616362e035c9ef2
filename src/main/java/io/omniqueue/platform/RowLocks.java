package io.omniqueue.platform;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The row lock clause of a writer that updates a row without changing its key. On PostgreSQL that
 * is {@code FOR NO KEY UPDATE}: writers of the row still take turns, but a transaction inserting a
 * row that references it (an alert, a message, an event; each takes a key-share lock through its
 * foreign key) no longer waits for them. With {@code FOR UPDATE} the SLA watch's alert insert, which
 * references many conversations in one statement, deadlocked against a group commit of the ingest
 * locking some of the same conversations. H2 has no such mode (nor foreign-key row locks): there it
 * is {@code FOR UPDATE}.
 */
@Component
public class RowLocks {

    private final String forUpdate;

    RowLocks(DataSource dataSource) {
        this.forUpdate = isPostgres(dataSource) ? "for no key update" : "for update";
    }

    /** The clause that ends a locking {@code select}, after its {@code where}. */
    public String forUpdate() {
        return forUpdate;
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return product.toLowerCase(Locale.ROOT).contains("postgres");
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database the service uses", e);
        }
    }
}
