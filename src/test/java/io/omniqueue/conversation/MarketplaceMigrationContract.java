package io.omniqueue.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.support.Api;
import io.omniqueue.support.Migrations;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The service started on a database that holds conversations as it stored them before
 * marketplaces: migrated up to the version before V9 and filled, then Flyway (V9) and the start-up
 * backfill run as on an operator's upgrade. The same on every database: subclasses only say which.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
abstract class MarketplaceMigrationContract {

    static final String MAILBOX = "shop-mailbox";
    static final String CARREFOUR = "carrefour-fr";
    static final String LEROY = "leroymerlin-fr";

    // Thread ids as MailThreading, the Mirakl poller and the web form wrote them.
    static final String AMAZON_ES = "amazon-es:k2x9relay@marketplace.amazon.es:171-5550123-9876543";
    static final String AMAZON_UK = "amazon-co.uk:q7relay@marketplace.amazon.co.uk:no-order";
    static final String PLAIN_MAIL = "5f1c9a@customer.test";
    static final String AMAZON_LOOKING_MAIL = "amazon-shipping:42@notify.example";
    static final String CARREFOUR_THREAD = "6f3a1c2e-0b1d-4c1e-9f7a-carrefour";
    static final String LEROY_THREAD = "9d2b7e44-5c1f-4a3b-8e6d-leroy";
    static final String WEB_FORM = "form-42";
    static final String RETIRED_THREAD = "thread-of-a-channel-no-longer-configured";

    // Within the last 7 days of the test clock, which starts at the real present.
    static final Instant SENT = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MICROS);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MarketplaceBackfill backfill;
    @Autowired
    MessageIngestor ingestor;

    /** Builds today's database at {@code url}, then points the service at it. */
    static void upgradeFromToday(DynamicPropertyRegistry registry, String url, String user, String password) {
        todaysDatabase(url, user, password);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> password);
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        // Nothing polls during the test: the schedules fire once a year, at 03:00 on January 1st.
        String never = "0 0 3 1 1 ?";
        String mail = "omniqueue.channels[3].";
        Map<String, String> p = new TreeMap<>(Map.of(mail + "id", MAILBOX, mail + "kind", "mail",
                mail + "from", "shop@omni.test", mail + "imap.host", "127.0.0.1", mail + "imap.port", "9",
                mail + "smtp.host", "127.0.0.1", mail + "smtp.port", "9", mail + "schedule", never));
        p.putAll(TestChannels.mirakl(4, CARREFOUR, "http://127.0.0.1:9", "carrefour-key"));
        p.putAll(TestChannels.mirakl(5, LEROY, "http://127.0.0.1:9", "leroy-key"));
        p.put("omniqueue.channels[4].schedule", never);
        p.put("omniqueue.channels[5].schedule", never);
        p.put("omniqueue.channels[5].marketplace", "leroymerlin");
        TestChannels.register(registry, p);
    }

    private static void todaysDatabase(String url, String user, String password) {
        Migrations.before(Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration"), "9");
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            storedToday(c, MAILBOX, AMAZON_ES, "amazon");
            storedToday(c, MAILBOX, AMAZON_UK, "amazon");
            storedToday(c, MAILBOX, PLAIN_MAIL, null);
            // Only the policy says Amazon: a thread id alone could be anyone's Message-ID.
            storedToday(c, MAILBOX, AMAZON_LOOKING_MAIL, null);
            storedToday(c, CARREFOUR, CARREFOUR_THREAD, null);
            storedToday(c, LEROY, LEROY_THREAD, null);
            long form = storedToday(c, TestChannels.WEB_SHOP, WEB_FORM, null);
            // Replies as the outbox wrote them before V10: the reply row and its outbound message.
            repliedToday(c, form, TestChannels.WEB_SHOP, "FAILED");
            repliedToday(c, form, TestChannels.WEB_SHOP, "SENT");
            storedToday(c, "retired-mirakl", RETIRED_THREAD, null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The latest migration older than {@code mine}, whichever the branches before it added. */
    /** A waiting conversation and its customer message, with the columns ConversationStore wrote before V9. */
    private static long storedToday(Connection c, String channel, String thread, String slaPolicy) throws SQLException {
        try (PreparedStatement conversation = c.prepareStatement("""
                insert into conversation (channel_id, external_thread_id, status, subject, customer_name, created_at,
                                          last_message_at, clock_started_at, contract_due_at, due_at, sla_policy)
                values (?, ?, 'NEEDS_REPLY', 'Question', 'Ana', ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            conversation.setString(1, channel);
            conversation.setString(2, thread);
            conversation.setObject(3, SqlTime.param(SENT));
            conversation.setObject(4, SqlTime.param(SENT));
            conversation.setObject(5, SqlTime.param(SENT));
            conversation.setObject(6, SqlTime.param(SENT.plus(Duration.ofHours(24))));
            conversation.setObject(7, SqlTime.param(SENT.plus(Duration.ofHours(24))));
            conversation.setString(8, slaPolicy);
            conversation.executeUpdate();
            long id;
            try (ResultSet keys = conversation.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            try (PreparedStatement message = c.prepareStatement("""
                    insert into message (conversation_id, channel_id, external_message_id, direction, author_role, author,
                                         body, sent_at, received_at, starts_clock)
                    values (?, ?, ?, 'INBOUND', 'CUSTOMER', 'Ana', 'Where is my parcel?', ?, ?, true)""")) {
                message.setLong(1, id);
                message.setString(2, channel);
                message.setString(3, thread + "/1");
                message.setObject(4, SqlTime.param(SENT));
                message.setObject(5, SqlTime.param(SENT));
                message.executeUpdate();
            }
            return id;
        }
    }

    private static void repliedToday(Connection c, long conversation, String channel, String status) throws SQLException {
        long replyId;
        try (PreparedStatement reply = c.prepareStatement("""
                insert into reply (conversation_id, channel_id, body, author, status, attempts, next_attempt_at, created_at)
                values (?, ?, 'Sorry', 'agent', ?, 1, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            reply.setLong(1, conversation);
            reply.setString(2, channel);
            reply.setString(3, status);
            reply.setObject(4, SqlTime.param(SENT));
            reply.setObject(5, SqlTime.param(SENT));
            reply.executeUpdate();
            try (ResultSet keys = reply.getGeneratedKeys()) {
                keys.next();
                replyId = keys.getLong(1);
            }
        }
        try (PreparedStatement message = c.prepareStatement("""
                insert into message (conversation_id, channel_id, external_message_id, direction, author_role, author,
                                     body, sent_at, received_at, starts_clock, reply_id)
                values (?, ?, ?, 'OUTBOUND', 'SHOP', 'agent', 'Sorry', ?, ?, false, ?)""")) {
            message.setLong(1, conversation);
            message.setString(2, channel);
            message.setString(3, "omniqueue-reply-" + replyId);
            message.setObject(4, SqlTime.param(SENT.plusSeconds(60)));
            message.setObject(5, SqlTime.param(SENT.plusSeconds(60)));
            message.setLong(6, replyId);
            message.executeUpdate();
        }
    }

    Api api() {
        return new Api(port);
    }

    long conversationOf(String channel, String thread) {
        return jdbc.sql("select id from conversation where channel_id = :channel and external_thread_id = :thread")
                .param("channel", channel).param("thread", thread).query(Long.class).single();
    }

    String marketplaceOf(String channel, String thread) {
        Api.Response r = api().get("/api/conversations/" + conversationOf(channel, thread));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("marketplace").asText();
    }

    // ---------------------------------------------------------------- the migration and the backfill

    @Test
    void aReplyThatHadFailedBeforeTheUpgradeNoLongerAnswersAndOneThatWentStillDoes() {
        long form = conversationOf(TestChannels.WEB_SHOP, WEB_FORM);
        assertThat(jdbc.sql("""
                select r.status from message m join reply r on r.id = m.reply_id
                where m.conversation_id = :c and m.undelivered = true""").param("c", form).query(String.class).list())
                .containsExactly("FAILED");
        assertThat(jdbc.sql("""
                select r.status from message m join reply r on r.id = m.reply_id
                where m.conversation_id = :c and m.undelivered = false""").param("c", form).query(String.class).list())
                .containsExactly("SENT");
    }

    @Test
    void amazonConversationsAlreadyStoredGetTheSiteOfTheirRelayDomain() {
        assertThat(marketplaceOf(MAILBOX, AMAZON_ES)).isEqualTo("amazon.es");
        assertThat(marketplaceOf(MAILBOX, AMAZON_UK)).isEqualTo("amazon.co.uk");
    }

    @Test
    void miraklConversationsAlreadyStoredGetTheirChannelsMarketplaceOrElseItsId() {
        assertThat(marketplaceOf(CARREFOUR, CARREFOUR_THREAD)).isEqualTo(CARREFOUR);
        assertThat(marketplaceOf(LEROY, LEROY_THREAD)).isEqualTo("leroymerlin");
    }

    @Test
    void plainMailWebFormsAndChannelsNoLongerConfiguredStayTheShops() {
        assertThat(marketplaceOf(MAILBOX, PLAIN_MAIL)).isEqualTo("shop");
        assertThat(marketplaceOf(MAILBOX, AMAZON_LOOKING_MAIL)).isEqualTo("shop");
        assertThat(marketplaceOf(TestChannels.WEB_SHOP, WEB_FORM)).isEqualTo("shop");
        assertThat(marketplaceOf("retired-mirakl", RETIRED_THREAD)).isEqualTo("shop");
    }

    @Test
    void migratedConversationsAreFilteredAndReportedByMarketplace() {
        JsonNode spain = api().get("/api/conversations?marketplace=amazon.es").json().get("items");
        assertThat(spain.findValuesAsText("id")).containsExactly(String.valueOf(conversationOf(MAILBOX, AMAZON_ES)));

        JsonNode rows = api().get("/api/reports/sla?channel=" + MAILBOX + "&days=7").json().get("channels");
        assertThat(rows.findValuesAsText("marketplace")).containsExactly("shop", "amazon.co.uk", "amazon.es");
        assertThat(rows.findValuesAsText("customerMessages")).containsExactly("2", "1", "1");
    }

    @Test
    void theReportsRowsOfCustomerMessagesMoveWithTheirConversations() {
        // V22 copied "shop" for the Mirakl threads (V9 could say no more); the backfill moved both.
        assertThat(jdbc.sql("select marketplace from report_customer_message where conversation_id = :c")
                .param("c", conversationOf(LEROY, LEROY_THREAD)).query(String.class).list()).containsExactly("leroymerlin");
        assertThat(jdbc.sql("select count(*) from report_customer_message").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("""
                select count(*) from report_customer_message f join conversation c on c.id = f.conversation_id
                where f.marketplace <> c.marketplace""").query(Long.class).single()).isZero();
    }

    @Test
    void backfillRunAgainChangesNothingAndNewConversationsGetTheirMarketplaceFromTheStart() {
        String carrefourThread = "new-" + CARREFOUR_THREAD;
        ingestor.ingest(InboundMessage.fromCustomer(CARREFOUR, carrefourThread, carrefourThread + "/1", "Bo", null, "Hi",
                "Hello", SENT, null));
        List<String> before = jdbc.sql("select marketplace from conversation order by id").query(String.class).list();

        backfill.afterPropertiesSet();

        assertThat(jdbc.sql("select marketplace from conversation order by id").query(String.class).list())
                .isEqualTo(before);
        assertThat(marketplaceOf(CARREFOUR, carrefourThread)).isEqualTo(CARREFOUR);
    }
}
