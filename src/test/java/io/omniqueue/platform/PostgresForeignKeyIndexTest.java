package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * PostgreSQL, unlike H2, does not index a foreign key's columns by itself: a look-up by such a
 * column, and every delete of a referenced row (the key's own check), then reads the whole
 * referencing table. Every foreign key of the production schema must lead an index.
 */
class PostgresForeignKeyIndexTest {

    @Test
    void everyForeignKeyOfTheProductionSchemaLeadsAnIndexOnPostgres() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(EmbeddedPostgresDatabases.newDatabaseUrl(), "postgres", "");
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
        // An index serves a key when the key's columns are its leading columns, in any order.
        List<String> unindexed = JdbcClient.create(dataSource).sql("""
                select c.conrelid::regclass || '.' || c.conname || ' ('
                       || (select string_agg(a.attname, ', ' order by a.attnum) from pg_attribute a
                           where a.attrelid = c.conrelid and a.attnum = any (c.conkey)) || ')'
                from pg_constraint c
                where c.contype = 'f' and c.connamespace = 'public'::regnamespace
                  and not exists (
                      select 1 from pg_index i
                      where i.indrelid = c.conrelid
                        and (select array_agg(x order by x)
                             from unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)]) x)
                            = (select array_agg(x order by x) from unnest(c.conkey) x))
                order by 1""")
                .query(String.class).list();
        assertThat(unindexed).as("foreign keys without an index on PostgreSQL").isEmpty();
    }
}
