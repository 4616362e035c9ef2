package io.omniqueue.report;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The embedded default: H2 in PostgreSQL mode, in memory (the series only reads). */
class SlaDailyOnH2Test extends SlaDailyContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        String url = "jdbc:h2:mem:sla-daily-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        registry.add("spring.datasource.url", () -> url);
    }
}
