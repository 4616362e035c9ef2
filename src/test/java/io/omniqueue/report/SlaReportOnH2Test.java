package io.omniqueue.report;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default: H2 in PostgreSQL mode. In memory rather than in a file: the report only
 * reads, and a static {@code @TempDir} is not yet set when a per-class test instance loads its context.
 */
class SlaReportOnH2Test extends SlaReportContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        String url = "jdbc:h2:mem:sla-report-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        registry.add("spring.datasource.url", () -> url);
    }
}
