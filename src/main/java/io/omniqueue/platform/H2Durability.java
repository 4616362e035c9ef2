package io.omniqueue.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Makes a commit on an H2 file database reach the file before it is acknowledged. H2 writes a
 * commit to disk only after {@code WRITE_DELAY} (500 ms by default), so a killed JVM lost the
 * messages answered {@code 202} in its last half second. An operator's own H2 URL gets
 * {@code WRITE_DELAY=0} too, unless it sets the value itself (then we warn once).
 * A commit then survives the process, not the machine: H2 does not fsync each commit, so
 * power loss needs PostgreSQL.
 *
 * <p>It also adds {@code DB_CLOSE_ON_EXIT=FALSE} unless the URL chooses: H2's own JVM shutdown hook
 * would otherwise close the database while Spring is still stopping, before the outbox has
 * recorded the replies it sent (they would go out a second time after a restart).
 */
@Component
class H2Durability implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(H2Durability.class);

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            dataSource.setJdbcUrl(durable(dataSource.getJdbcUrl()));
        }
        return bean;
    }

    /** Whether the URL names an H2 database in a file this process opens itself (not in memory, not a server). */
    static boolean isEmbeddedFile(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:") && !lower.startsWith("jdbc:h2:tcp:")
                && !lower.startsWith("jdbc:h2:ssl:");
    }

    /**
     * The URL with {@code WRITE_DELAY=0} and {@code DB_CLOSE_ON_EXIT=FALSE} when it names an H2 file
     * database that doesn't choose them.
     */
    static String durable(String url) {
        if (!isEmbeddedFile(url)) {
            // In-memory databases have nothing to lose on disk; a server's durability is the server's setting.
            return url;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        String durable = url;
        if (lower.contains(";write_delay=")) {
            if (!lower.contains(";write_delay=0;") && !lower.endsWith(";write_delay=0")) {
                log.warn("The H2 URL sets WRITE_DELAY other than 0: messages acknowledged shortly before a crash can be lost");
            }
        } else {
            durable += ";WRITE_DELAY=0";
        }
        if (!lower.contains(";db_close_on_exit=")) {
            // Spring closes the pool, and with it the database, once every bean has stopped.
            durable += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return durable;
    }
}
