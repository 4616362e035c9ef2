package io.omniqueue.reply;

import io.omniqueue.support.EmbeddedPostgresDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class RepliesRecordedTogetherOnPostgresTest extends RepliesRecordedTogether {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry);
        EmbeddedPostgresDatabases.register(registry);
    }
}
