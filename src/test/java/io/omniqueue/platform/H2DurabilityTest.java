package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2DurabilityTest {

    @Test
    void aFileDatabaseWritesEachCommitAtOnceAndIsClosedBySpringNotByTheJvmHook() {
        assertThat(H2Durability.durable("jdbc:h2:file:./data/omniqueue;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:./data/omniqueue;MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void anOperatorsOwnChoicesAreKept() {
        assertThat(H2Durability.durable("jdbc:h2:file:/var/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=TRUE"))
                .isEqualTo("jdbc:h2:file:/var/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=TRUE");
        assertThat(H2Durability.durable("jdbc:h2:./data/x;write_delay=500"))
                .isEqualTo("jdbc:h2:./data/x;write_delay=500;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void inMemoryAndServerDatabasesAreLeftAsTheyAre() {
        assertThat(H2Durability.durable("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(H2Durability.durable("jdbc:h2:tcp://db/omniqueue")).isEqualTo("jdbc:h2:tcp://db/omniqueue");
        assertThat(H2Durability.durable("jdbc:postgresql://db/omniqueue")).isEqualTo("jdbc:postgresql://db/omniqueue");
    }
}
