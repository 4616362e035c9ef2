package io.omniqueue.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Lets a statement on H2 wait {@value #DEFAULT_MILLIS} ms for a row another transaction holds,
 * instead of H2's own 2 s. A customer's erasure holds each of its conversations until it commits,
 * and a message arriving in one of them meanwhile waited 2 s and then failed, where PostgreSQL
 * (which waits without limit) stores it once the erasure is done. Deadlocks are still reported at
 * once; the wait only bounds a stuck transaction. An operator's own {@code LOCK_TIMEOUT} in the URL
 * is kept.
 */
@Component
class H2LockTimeout implements BeanPostProcessor {

    static final long DEFAULT_MILLIS = 15_000;

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            dataSource.setJdbcUrl(withLockTimeout(dataSource.getJdbcUrl(), Duration.ofMillis(DEFAULT_MILLIS)));
        }
        return bean;
    }

    /** The URL with {@code LOCK_TIMEOUT} when it names an H2 database and doesn't choose one. */
    static String withLockTimeout(String url, Duration wait) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.contains(";lock_timeout=")) {
            return url;
        }
        return url + ";LOCK_TIMEOUT=" + wait.toMillis();
    }
}
