package io.omniqueue.insight;

import io.omniqueue.support.TestChannels;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The embedded default: an H2 file database in PostgreSQL mode. */
class LanguageAndTopicOnH2Test extends LanguageAndTopicContract {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "omniqueue"));
    }
}
