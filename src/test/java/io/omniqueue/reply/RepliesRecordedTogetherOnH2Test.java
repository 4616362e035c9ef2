package io.omniqueue.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class RepliesRecordedTogetherOnH2Test extends RepliesRecordedTogether {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:together;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    /**
     * H2 plans a statement once per connection and keeps the plan. Planned while the outbox held few
     * replies, marking one SENT walked {@code ix_reply_due} through every PENDING reply (found by
     * {@code ReplyDispatchBench}: 460 replies/s rising to 2,400 as the backlog shrank).
     */
    @Test
    void markingAReplySentFindsItByItsKeyHoweverFewRepliesH2HadWhenItPlannedTheStatement() {
        String plan = String.join("\n", jdbc.sql("explain " + ReplyStore.MARK_SENT).param("external", "x").param("now", null)
                .param("id", 1L).param("token", "t").query(String.class).list());
        assertThat(plan).contains("PRIMARY_KEY").doesNotContain("ix_reply_due").doesNotContain("ix_reply_claim");
    }
}
