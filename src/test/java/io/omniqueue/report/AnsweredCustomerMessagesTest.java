package io.omniqueue.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.MessageIngestor;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The answered customer messages the reports read stay what the conversations say, through the
 * service's own writers: customer messages ingested, a reply accepted (it answers), a reply the
 * destination refuses (marked undelivered: it answers nothing), a follow-up after the answer, a
 * no-reply mark, a topic correction. After each, the kept rows equal the rows computed afresh from
 * the messages and conversations (the rule V22's backfill applies, in V29's microseconds). H2, the default database; the
 * rows' effect on the figures is proven on H2 and PostgreSQL by SlaReportAtScaleEquivalenceTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class AnsweredCustomerMessagesTest {

    /** The rows as V22 computes them from the stored messages and conversations. */
    private static final String AFRESH = """
            select m.id as message_id, m.conversation_id, c.channel_id, c.marketplace, c.sla_policy, c.topic,
                   c.no_reply_at, m.sent_at, cast(extract(epoch from m.sent_at) * 1000000 as bigint) as sent_us,
                   cast(extract(epoch from (select min(o.sent_at) from message o
                                            where o.conversation_id = m.conversation_id and o.direction = 'OUTBOUND'
                                              and o.sent_at >= m.sent_at and o.undelivered = false)) * 1000000 as bigint) as answered_us
            from message m
            join conversation c on c.id = m.conversation_id
            where m.direction = 'INBOUND' and m.starts_clock = true
            order by message_id""";
    private static final String KEPT = """
            select message_id, conversation_id, channel_id, marketplace, sla_policy, topic, no_reply_at, sent_at,
                   sent_us, answered_us
            from report_customer_message order by message_id""";

    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        callback.start();
    }

    static final String REFUSAL = "refusal";
    static final String REFUSING = "refusing";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    MessageIngestor ingestor;
    @Autowired
    TransactionTemplate tx;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(callback.baseUrl()));
        String url = "jdbc:h2:mem:answered-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        registry.add("spring.datasource.url", () -> url);
    }

    @AfterAll
    static void stopCallback() {
        callback.stop();
    }

    @Test
    void rowsFollowEveryWriteOfTheConversationsTheyDescribe() {
        Api api = new Api(port);
        String answered = "answered-" + UUID.randomUUID();
        String refused = "refused-" + UUID.randomUUID();
        String thanked = "thanked-" + UUID.randomUUID();
        callback.stubFor(post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(answered)))
                .willReturn(aResponse().withStatus(200).withBody("{\"messageId\":\"sent-" + answered + "\"}")));
        // The destination is away (503, retried) until the test has looked at the reply on its way: the
        // outbox sends as soon as a reply is accepted, and a refusal recorded before that look would
        // already have undone the answer. Then it refuses the reply for good.
        callback.stubFor(post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(refused)))
                .inScenario(REFUSAL).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)));
        callback.stubFor(post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.threadId", equalTo(refused)))
                .inScenario(REFUSAL).whenScenarioStateIs(REFUSING)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"thread closed\"}")));

        long first = ingest(api, answered, "m-1");
        long second = ingest(api, refused, "m-1");
        long third = ingest(api, thanked, "m-1");
        assertThat(answerOf(first)).as("not answered yet").isNull();
        sameAsAfresh("customer messages ingested");

        clock.advance(Duration.ofMinutes(5));
        postReply(api, first);
        assertThat(answerOf(first)).as("the accepted reply answers").isNotNull();
        sameAsAfresh("a reply accepted");

        long failing = postReply(api, second);
        assertThat(answerOf(second)).as("answered while the reply is on its way").isNotNull();
        callback.setScenarioState(REFUSAL, REFUSING);
        // Refused at once, or (a callback slower than the test's 1 s timeout on a busy machine) given up
        // after the attempts: FAILED either way. The clock moves past each backoff.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            clock.advance(Duration.ofMinutes(11));
            return "FAILED".equals(api.get("/api/replies/" + failing).json().get("status").asText());
        });
        assertThat(answerOf(second)).as("a reply the destination refused answers nothing").isNull();
        sameAsAfresh("a reply refused");

        clock.advance(Duration.ofMinutes(5));
        ingest(api, answered, "m-2");
        sameAsAfresh("a follow-up after the answer");

        assertThat(api.post("/api/conversations/" + third + "/no-reply-needed", "{\"reason\":\"a thank-you\"}").status())
                .isEqualTo(200);
        assertThat(row(third).get("no_reply_at")).as("the no-reply mark").isNotNull();
        assertThat(api.send("PUT", "/api/conversations/" + first + "/topic", "{\"topic\":\"damaged\"}",
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN)).status())
                .isEqualTo(200);
        assertThat(row(first).get("topic")).as("the corrected topic").isEqualTo("damaged");
        sameAsAfresh("a no-reply mark and a topic correction");
    }

    @Test
    void rowsOfEveryConversationATransactionChangedAreWrittenWhenItCommitsAndNeverWhenItRollsBack() {
        String batch = "batch-" + UUID.randomUUID();
        List<Long> conversations = tx.execute(status -> {
            List<Long> ids = List.of(
                    ingestor.ingest(message(batch + "-a", "m-1")).conversationId(),
                    ingestor.ingest(message(batch + "-b", "m-1")).conversationId(),
                    ingestor.ingest(message(batch + "-a", "m-2")).conversationId());
            assertThat(keptRowsOf(ids)).as("computed once, as the transaction commits").isZero();
            return ids;
        });
        assertThat(keptRowsOf(conversations)).as("three customer messages in two conversations").isEqualTo(3);
        sameAsAfresh("several conversations changed in one transaction");

        String undone = "undone-" + UUID.randomUUID();
        String own = "own-" + UUID.randomUUID();
        long[] kept = new long[1];
        tx.execute(status -> {
            ingestor.ingest(message(undone, "m-1"));
            // A transaction of its own inside it commits its rows whatever becomes of the outer one.
            TransactionTemplate inner = new TransactionTemplate(tx.getTransactionManager());
            inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            kept[0] = inner.execute(s -> ingestor.ingest(message(own, "m-1")).conversationId());
            status.setRollbackOnly();
            return null;
        });
        assertThat(jdbc.sql("select count(*) from conversation where external_thread_id = :t").param("t", undone)
                .query(Long.class).single()).as("rolled back").isZero();
        assertThat(keptRowsOf(List.of(kept[0]))).as("the inner transaction's row").isEqualTo(1);
        sameAsAfresh("a rolled-back transaction holding a committed one");
    }

    private InboundMessage message(String thread, String message) {
        // Each thread its own customer: the inner transaction must not wait for a customer the outer one locked.
        return InboundMessage.fromCustomer(TestChannels.WEB_SHOP, thread, thread + "/" + message, null, thread + "@example.com",
                "Order", "Where is my parcel?", clock.instant(), null);
    }

    private long keptRowsOf(List<Long> conversations) {
        return jdbc.sql("select count(*) from report_customer_message where conversation_id in (:c)")
                .param("c", conversations).query(Long.class).single();
    }

    private long ingest(Api api, String thread, String message) {
        Api.Response r = api.post("/api/inbound/" + TestChannels.WEB_SHOP,
                Api.webhookMessage(thread, thread + "/" + message, clock.instant().toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    private long postReply(Api api, long conversation) {
        Api.Response r = api.post("/api/conversations/" + conversation + "/replies", "{\"body\":\"On its way\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("replyId").asLong();
    }

    private Object answerOf(long conversation) {
        return row(conversation).get("answered_us");
    }

    /** The conversation's first customer message's row. */
    private Map<String, Object> row(long conversation) {
        return jdbc.sql("select * from report_customer_message where conversation_id = :c order by sent_at, message_id")
                .param("c", conversation).query().listOfRows().get(0);
    }

    private void sameAsAfresh(String after) {
        List<Map<String, Object>> kept = jdbc.sql(KEPT).query().listOfRows();
        assertThat(kept).as("rows after %s", after).isNotEmpty().isEqualTo(jdbc.sql(AFRESH).query().listOfRows());
    }
}
