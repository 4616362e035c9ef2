package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2LockTimeoutTest {

    @Test
    void anH2SessionWaitsFifteenSecondsForALockedRowInsteadOfH2sTwo() {
        try (HikariDataSource dataSource = dataSource("jdbc:h2:mem:lock-" + UUID.randomUUID() + ";MODE=PostgreSQL")) {
            assertThat(JdbcClient.create(dataSource).sql("select lock_timeout()").query(Long.class).single())
                    .isEqualTo(H2LockTimeout.DEFAULT_MILLIS);
        }
    }

    @Test
    void anOperatorsOwnLockTimeoutIsKept() {
        try (HikariDataSource dataSource = dataSource("jdbc:h2:mem:lock-" + UUID.randomUUID() + ";LOCK_TIMEOUT=500")) {
            assertThat(JdbcClient.create(dataSource).sql("select lock_timeout()").query(Long.class).single()).isEqualTo(500L);
        }
    }

    @Test
    void otherDatabasesUrlsAreLeftAlone() {
        String url = "jdbc:postgresql://db.example/omniqueue";
        assertThat(H2LockTimeout.withLockTimeout(url, java.time.Duration.ofSeconds(15))).isEqualTo(url);
    }

    private static HikariDataSource dataSource(String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setMaximumPoolSize(1);
        return (HikariDataSource) new H2LockTimeout().postProcessBeforeInitialization(dataSource, "dataSource");
    }
}
