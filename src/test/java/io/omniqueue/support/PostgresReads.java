package io.omniqueue.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a real PostgreSQL returned from a table for some work, in one transaction: the entries of
 * its indexes that index scans returned and the rows its sequential scans read (a row fetched
 * through an index is not counted again), as the difference of the backend's counters
 * ({@code pg_stat_get_xact_tuples_returned}) before and after it. The counters also hold earlier
 * transactions' counts until the backend reports them (at most every 500 ms), which the difference
 * cancels; the work must run on this transaction's connection.
 */
public final class PostgresReads {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public PostgresReads(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public long of(String table, Runnable work) {
        return tx.execute(status -> {
            long before = rowsRead(table);
            work.run();
            return rowsRead(table) - before;
        });
    }

    private long rowsRead(String table) {
        return jdbc.sql("""
                select coalesce(sum(pg_stat_get_xact_tuples_returned(c.oid)), 0) from pg_class c
                where c.oid = cast(:table as regclass)
                   or c.oid in (select i.indexrelid from pg_index i where i.indrelid = cast(:table as regclass))""")
                .param("table", table)
                .query(Long.class).single();
    }
}
