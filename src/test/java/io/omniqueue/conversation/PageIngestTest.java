package io.omniqueue.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniqueue.support.TestChannels;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A poller's page stored through the real {@code direct:ingest} route (its quarantine included)
 * into a real database: together, in order per thread, and all of it before the call returns.
 */
@SpringBootTest
class PageIngestTest {

    /** A message whose storing fails as a database outage would: neither stored nor quarantined. */
    static final String OUTAGE = "outage-";

    @TempDir
    static Path dataDir;

    @Autowired
    PageIngest pageIngest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Transactions transactions;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "page-ingest"));
    }

    @Test
    void aPageOfManyThreadsIsStoredInFewerTransactionsThanItHasMessages() {
        String run = UUID.randomUUID().toString();
        List<InboundMessage> page = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            page.add(message(TestChannels.WEB_SHOP, run + "-thread-" + i, run + "-message-" + i));
        }
        transactions.clear();

        List<IngestResult> results = pageIngest.store(page);

        assertThat(results).hasSize(64).allSatisfy(result -> assertThat(result.messageId()).isNotNull());
        assertThat(count("select count(*) from message where external_message_id like ?", run + "-message-%")).isEqualTo(64);
        // One at a time, each message was its own transaction: 64.
        assertThat(transactions.count()).isLessThan(64);
    }

    @Test
    void theMessagesOfOneThreadAreStoredInThePagesOrderInOneConversation() {
        String run = UUID.randomUUID().toString();
        List<InboundMessage> page = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            page.add(message(TestChannels.WEB_SHOP, run + "-long", run + "-long-" + i));
            page.add(message(TestChannels.WEB_SHOP, run + "-other-" + i, run + "-other-" + i));
        }

        List<IngestResult> results = pageIngest.store(page);

        List<Long> longThread = List.of(0, 2, 4, 6, 8).stream().map(i -> results.get(i).messageId()).toList();
        assertThat(longThread).doesNotContainNull().isSorted().doesNotHaveDuplicates();
        assertThat(List.of(0, 2, 4, 6, 8).stream().map(i -> results.get(i).conversationId()).distinct()).hasSize(1);
        assertThat(jdbc.sql("select m.external_message_id from message m join conversation c on c.id = m.conversation_id "
                        + "where c.external_thread_id = ? order by m.id").param(run + "-long").query(String.class).list())
                .containsExactly(run + "-long-0", run + "-long-1", run + "-long-2", run + "-long-3", run + "-long-4");
    }

    @Test
    void aMessageTheIngestRefusesIsQuarantinedWithItsReasonAndTheRestOfThePageIsStored() {
        String run = UUID.randomUUID().toString();
        List<InboundMessage> page = List.of(
                message(TestChannels.WEB_SHOP, run + "-a", run + "-a"),
                message("no-such-channel", run + "-bad", run + "-bad"),
                message(TestChannels.WEB_SHOP, run + "-b", run + "-b"));

        List<IngestResult> results = pageIngest.store(page);

        assertThat(results.get(1).isQuarantined()).isTrue();
        assertThat(jdbc.sql("select reason from quarantine where id = ?").param(results.get(1).quarantineId())
                .query(String.class).single()).contains("no-such-channel");
        assertThat(results.get(0).messageId()).isNotNull();
        assertThat(results.get(2).messageId()).isNotNull();
    }

    @Test
    void aMessageTheDatabaseFailsToStoreFailsThePageOnlyAfterTheOthersWereTried() {
        String run = UUID.randomUUID().toString();
        List<InboundMessage> page = new ArrayList<>();
        page.add(message(TestChannels.WEB_SHOP, run + "-first", OUTAGE + run));
        for (int i = 0; i < 10; i++) {
            page.add(message(TestChannels.WEB_SHOP, run + "-thread-" + i, run + "-message-" + i));
        }
        // The same thread's next message is not stored before the one that failed.
        page.add(message(TestChannels.WEB_SHOP, run + "-first", run + "-after-outage"));

        assertThatThrownBy(() -> pageIngest.store(page)).hasStackTraceContaining("database away");

        assertThat(count("select count(*) from message where external_message_id like ?", run + "-message-%")).isEqualTo(10);
        assertThat(count("select count(*) from message where external_message_id = ?", run + "-after-outage")).isZero();
        assertThat(count("select count(*) from quarantine where payload like ?", "%" + OUTAGE + run + "%")).isZero();
    }

    private long count(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }

    private static InboundMessage message(String channelId, String threadId, String messageId) {
        return new InboundMessage(channelId, threadId, messageId, Direction.INBOUND, AuthorRole.CUSTOMER, "Eve",
                "eve@example.com", "Where is my order?", "It has not come yet.", Instant.now().minus(1, ChronoUnit.HOURS),
                null, true, null, List.of(), null, null, null);
    }

    /** The transactions the ingest stored messages in, told apart by their connection holder. */
    static final class Transactions implements StoredMessageListener {

        private final DataSource dataSource;
        private final Set<Object> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

        Transactions(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void stored(StoredMessage stored) {
            if (stored.message().externalMessageId().startsWith(OUTAGE)) {
                throw new IllegalStateException("database away");
            }
            seen.add(TransactionSynchronizationManager.getResource(dataSource));
        }

        void clear() {
            seen.clear();
        }

        int count() {
            return seen.size();
        }
    }

    @TestConfiguration
    static class Listener {

        @Bean
        Transactions transactions(DataSource dataSource) {
            return new Transactions(dataSource);
        }
    }
}
