package io.omniqueue.customer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundAttachment;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customers across a Mirakl thread (polled from a Mirakl simulator), the shop mailbox (mail-channel
 * messages through direct:ingest, as the mailbox hands them over) and a web form (POST /api/inbound):
 * linking on hard evidence, suggestions, merge and undo, export, erasure and retention. The same on
 * every database: subclasses only say which.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CustomerContract {

    static final String MAILBOX = "shop-mailbox";
    static final String CARREFOUR = "carrefour-fr";
    static final MiraklSimulator carrefour = MiraklSimulator.start(0, "carrefour-key", "Omni Shop");
    static final WireMockServer callback = new WireMockServer(options().dynamicPort());

    static {
        callback.start();
    }

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    PrivacyRetention retention;
    @Autowired
    CustomerBackfill backfill;
    @Autowired
    CustomerErasure erasure;
    @Autowired
    io.omniqueue.quarantine.Quarantine quarantine;
    @Autowired
    PlatformTransactionManager transactions;

    static void commonProperties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(callback.baseUrl()));
        // The mailbox is never polled here: its messages are handed to direct:ingest as the mailbox would.
        String never = "0 0 3 1 1 ?";
        String mail = "omniqueue.channels[3].";
        Map<String, String> p = new TreeMap<>(Map.of(mail + "id", MAILBOX, mail + "kind", "mail",
                mail + "from", "shop@omni.test", mail + "imap.host", "127.0.0.1", mail + "imap.port", "9",
                mail + "smtp.host", "127.0.0.1", mail + "smtp.port", "9", mail + "schedule", never));
        p.putAll(TestChannels.mirakl(4, CARREFOUR, carrefour.baseUrl(), "carrefour-key"));
        p.put("omniqueue.privacy.retention[amazon.de]", "P30D");
        p.put("omniqueue.privacy.retention[amazon.*]", "P90D");
        p.put("omniqueue.privacy.schedule", never);
        // Two cores shared by many test JVMs: a first poll may be slow.
        p.put("camel.component.http.so-timeout", "10000");
        p.put("camel.component.http.response-timeout", "10000");
        TestChannels.register(registry, p);
    }

    // The simulator and the receiver are shared by the H2 and PostgreSQL classes (static, one JVM):
    // they stop with the JVM, never after the first class.
    @AfterAll
    static void forgetStubs() {
        callback.resetAll();
    }

    Api api() {
        return new Api(port);
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------------------------------------------------------------- sources

    /** A web form's message, as a shop's contact form posts it. */
    long webForm(String name, String email, String subject, String body) {
        String thread = "form-" + UUID.randomUUID();
        String json = """
                {"threadId":"%s","messageId":"%s/1","customer":{"name":"%s","email":"%s"},"subject":"%s","body":"%s",
                 "sentAt":"%s"}""".formatted(thread, thread, name, email, subject, body, clock.instant());
        Api.Response r = api().post("/api/inbound/" + TestChannels.WEB_SHOP, json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    /** A mail of the shop mailbox, as MailIngestor hands it to direct:ingest (relay: an Amazon buyer's alias, or null). */
    long mail(String name, String from, String subject, String body, String amazonOrder, String marketplace, boolean needsReply,
              List<InboundAttachment> files) {
        String messageId = "<" + UUID.randomUUID() + "@mail.test>";
        String relay = marketplace == null ? null : from;
        String thread = marketplace == null ? messageId : "amazon-" + marketplace.substring(7) + ":" + from + ":" + amazonOrder;
        InboundMessage m = new InboundMessage(MAILBOX, thread, messageId, Direction.INBOUND, AuthorRole.CUSTOMER, name, from,
                subject, body, clock.instant(), amazonOrder, needsReply, null, files, null,
                marketplace == null ? null : "amazon", marketplace, relay);
        return producer.requestBody("direct:ingest", m, IngestResult.class).conversationId();
    }

    long mail(String name, String from, String subject, String body) {
        return mail(name, from, subject, body, null, null, true, List.of());
    }

    long miraklConversation(String thread) {
        // The clock is the test's: moving it lets a poll that failed (backing off) run again.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            clock.advance(Duration.ofSeconds(30));
            return jdbc.sql(
                "select count(*) from conversation where channel_id = :c and external_thread_id = :t")
                .param("c", CARREFOUR).param("t", thread).query(Long.class).single() == 1;
        });
        return jdbc.sql("select id from conversation where channel_id = :c and external_thread_id = :t")
                .param("c", CARREFOUR).param("t", thread).query(Long.class).single();
    }

    JsonNode conversation(long id) {
        Api.Response r = api().get("/api/conversations/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    long customerOf(long conversationId) {
        JsonNode c = conversation(conversationId);
        assertThat(c.get("customerId").isNumber()).as(c.toString()).isTrue();
        return c.get("customerId").asLong();
    }

    JsonNode customer(long id) {
        Api.Response r = api().get("/api/customers/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.get(field).asText()));
        return values;
    }

    static String miraklOrder() {
        return "MIR-" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + "-A";
    }

    static String amazonOrder() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "171-%07d-%07d".formatted(r.nextInt(10_000_000), r.nextInt(10_000_000));
    }

    // ---------------------------------------------------------------- linking

    @Test
    @Order(1)
    void aMailQuotingAMiraklOrderAndAWebFormWithTheSameAddressJoinTheMiraklBuyer() {
        String u = unique();
        String order = miraklOrder();
        String thread = carrefour.openThread(order, "Lucía Ferrer " + u, "¿Cuándo llega mi pedido?");
        long mirakl = miraklConversation(thread);
        long buyer = customerOf(mirakl);

        clock.advance(Duration.ofMinutes(1));
        long mail = mail("Lucía Ferrer", "lucia." + u + "@mail.test", "Pedido " + order,
                "Hola, escribí en Carrefour por el pedido " + order + " y nadie contesta.");
        clock.advance(Duration.ofMinutes(1));
        // The same address written otherwise: letter case doesn't make another person.
        long form = webForm("Lucia F.", "Lucia." + u + "@MAIL.test", "Pedido", "Sigo esperando.");

        assertThat(customerOf(mail)).isEqualTo(buyer);
        assertThat(customerOf(form)).isEqualTo(buyer);
        JsonNode customer = customer(buyer);
        assertThat(ids(customer.get("conversations"))).containsExactly(form, mail, mirakl);
        assertThat(texts(customer.get("orders"), "orderId")).containsExactly(order);
        assertThat(customer.get("identities").toString()).contains("\"EMAIL\"", "lucia." + u + "@mail.test", "\"SOURCE\"",
                CARREFOUR);
        Api.Response queue = api().get("/api/conversations?customer=" + buyer);
        assertThat(ids(queue.json().get("items")))
                .containsExactlyInAnyOrder(mirakl, mail, form);
    }

    @Test
    @Order(2)
    void anAmazonRelayMailAndAMailQuotingItsOrderFromAnotherAddressAreOneBuyer() {
        String u = unique();
        String order = amazonOrder();
        long relay = mail("Jonas Weber", u + "@marketplace.amazon.es", "Consulta del cliente", "Wo ist meine Bestellung?",
                order, "amazon.es", true, List.of());
        long personal = mail("Jonas Weber", "jonas." + u + "@post.test", "Bestellung",
                "Ich habe über Amazon bestellt (Bestellnummer " + order + ").");
        long stranger = mail("Jonas Weber", "other." + u + "@post.test", "Frage", "Eine Frage ohne Bestellnummer.");

        assertThat(customerOf(personal)).isEqualTo(customerOf(relay));
        assertThat(customerOf(stranger)).isNotEqualTo(customerOf(relay));
        assertThat(customer(customerOf(relay)).get("identities").toString()).contains(u + "@marketplace.amazon.es");
    }

    @Test
    @Order(3)
    void aSameNameIsOnlySuggestedAndConfirmingTheSuggestionMergesTheTwo() {
        String u = unique();
        long first = webForm("Marta Gil " + u, "marta." + u + "@a.test", "Talla", "¿Tienen la talla 38?");
        long second = mail("Marta  GIL " + u, "mgil." + u + "@b.test", "Devolución", "Quiero devolver el pedido.");
        long a = customerOf(first);
        long b = customerOf(second);
        assertThat(a).isNotEqualTo(b);
        JsonNode suggestions = api().get("/api/customers/" + b + "/suggestions").json();
        assertThat(suggestions).hasSize(1);
        assertThat(suggestions.get(0).get("otherCustomerId").asLong()).isEqualTo(a);
        assertThat(suggestions.get(0).get("reason").asText()).isEqualTo("SAME_NAME");

        Api.Response confirmed = api().post("/api/customers/" + b + "/suggestions/" + suggestions.get(0).get("id").asLong()
                + "/confirm", null);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        assertThat(customerOf(second)).isEqualTo(a);
        assertThat(ids(customer(a).get("conversations"))).containsExactlyInAnyOrder(first, second);
        assertThat(customer(b).get("mergedInto").asLong()).isEqualTo(a);
        assertThat(api().get("/api/customers/" + a + "/suggestions").json()).isEmpty();
    }

    @Test
    @Order(4)
    void aRejectedSuggestionIsRememberedAndNeverMadeAgain() {
        String u = unique();
        long first = webForm("Pablo Ruiz " + u, "pablo." + u + "@a.test", "Factura", "Necesito la factura.");
        long second = webForm("Pablo Ruiz " + u, "pruiz." + u + "@b.test", "Stock", "¿Hay stock?");
        long a = customerOf(first);
        long b = customerOf(second);
        long suggestion = api().get("/api/customers/" + a + "/suggestions").json().get(0).get("id").asLong();

        Api.Response rejected = api().post("/api/customers/" + a + "/suggestions/" + suggestion + "/reject", null);
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(204);
        webForm("Pablo Ruiz " + u, "pruiz." + u + "@b.test", "Stock", "¿Y ahora?");

        assertThat(api().get("/api/customers/" + a + "/suggestions").json()).isEmpty();
        assertThat(api().get("/api/customers/" + b + "/suggestions").json()).isEmpty();
        assertThat(customerOf(second)).isNotEqualTo(a);
        assertThat(api().post("/api/customers/" + a + "/suggestions/" + suggestion + "/confirm", null).status()).isEqualTo(409);
    }

    @Test
    @Order(5)
    void undoingAMergeRestoresTheSplitAndSendsLaterConversationsBackWithTheIdentityTheyCameThrough() {
        String u = unique();
        long pOld = webForm("Pia " + u, "pia." + u + "@a.test", "Hola", "Primera.");
        long qOld = webForm("Quim " + u, "quim." + u + "@b.test", "Hola", "Primera.");
        long p = customerOf(pOld);
        long q = customerOf(qOld);

        Api.Response merged = api().post("/api/customers/" + p + "/merge", "{\"otherId\":" + q + "}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(201);
        long mergeId = merged.json().get("id").asLong();
        long qNew = webForm("Quim " + u, "quim." + u + "@b.test", "Otra", "Después de la fusión.");
        long pNew = webForm("Pia " + u, "pia." + u + "@a.test", "Otra", "Después de la fusión.");
        assertThat(customerOf(qNew)).isEqualTo(p);
        assertThat(ids(customer(p).get("conversations"))).containsExactlyInAnyOrder(pOld, qOld, qNew, pNew);

        Api.Response undone = api().post("/api/customers/" + p + "/merges/" + mergeId + "/undo", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(undone.json().get("undoneBy").asText()).isNotBlank();
        assertThat(ids(customer(p).get("conversations"))).containsExactlyInAnyOrder(pOld, pNew);
        assertThat(ids(customer(q).get("conversations"))).containsExactlyInAnyOrder(qOld, qNew);
        assertThat(customer(q).has("mergedInto")).isFalse();
        assertThat(customer(q).get("identities").toString()).contains("quim." + u + "@b.test");
        assertThat(customer(p).get("identities").toString()).doesNotContain("quim.");
        // The next message of each goes to its own customer again.
        assertThat(customerOf(webForm("Quim " + u, "quim." + u + "@b.test", "Y", "Otra más."))).isEqualTo(q);
        assertThat(api().post("/api/customers/" + p + "/merges/" + mergeId + "/undo", null).status()).isEqualTo(409);
    }

    @Test
    @Order(5)
    void aCustomerTakingANameThroughAMergeOrBackThroughAnUndoIsSuggestedBesideItsNamesakesAtOnce() {
        String u = unique();
        long namesake = customerOf(webForm("Rosa Vidal " + u, "rosa." + u + "@a.test", "Hola", "Una pregunta."));
        long unnamed = customerOf(mail(null, "rv." + u + "@b.test", "Hola", "Sin nombre."));
        long named = customerOf(mail("Rosa Vidal " + u, "rosa.vidal." + u + "@c.test", "Hola", "Con nombre."));
        assertThat(sameNameSuggestionsOf(unnamed)).as("no name, no namesake").isEmpty();

        // The survivor takes the absorbed customer's name, and with it its namesakes, without waiting
        // for a message of its own (which, once it is named, no longer asks).
        Api.Response merged = api().post("/api/customers/" + unnamed + "/merge", "{\"otherId\":" + named + "}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(201);
        assertThat(customer(unnamed).get("name").asText()).isEqualTo("Rosa Vidal " + u);
        assertThat(sameNameSuggestionsOf(unnamed)).containsExactly(namesake);

        // Someone of the same name writes while the absorbed customer is merged away: the undo that
        // brings it back suggests the two.
        long newcomer = customerOf(webForm("Rosa Vidal " + u, "rosa.v." + u + "@d.test", "Hola", "Otra Rosa."));
        assertThat(sameNameSuggestionsOf(newcomer)).containsExactlyInAnyOrder(namesake, unnamed);
        Api.Response undone = api().post("/api/customers/" + unnamed + "/merges/" + merged.json().get("id").asLong()
                + "/undo", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(sameNameSuggestionsOf(named)).contains(newcomer);
    }

    @Test
    @Order(5)
    void namesakesNamedInConcurrentTransactionsAreSuggestedAtTheNextMessageOfEither() throws Exception {
        String u = unique();
        CountDownLatch firstStored = new CountDownLatch(1);
        CountDownLatch secondCommitted = new CountDownLatch(1);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<Long> first = threads.submit(() -> new TransactionTemplate(transactions).execute(status -> {
                long conversation = mail("Teo Sanz " + u, "teo." + u + "@a.test", "Hola", "Primera.");
                firstStored.countDown();
                try {
                    secondCommitted.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return conversation;
            }));
            assertThat(firstStored.await(30, TimeUnit.SECONDS)).isTrue();
            long second = mail("Teo Sanz " + u, "tsanz." + u + "@b.test", "Hola", "Segunda.");
            secondCommitted.countDown();
            long firstConversation = first.get(30, TimeUnit.SECONDS);
            long a = customerOf(firstConversation);
            long b = customerOf(second);
            assertThat(a).isNotEqualTo(b);
            assertThat(sameNameSuggestionsOf(b)).as("neither transaction saw the other's customer").isEmpty();

            // A follow-up in the first conversation: its customer is named already, its namesakes are still looked up.
            String thread = jdbc.sql("select external_thread_id from conversation where id = :id").param("id", firstConversation)
                    .query(String.class).single();
            producer.requestBody("direct:ingest", InboundMessage.fromCustomer(MAILBOX, thread, "<" + UUID.randomUUID() + "@mail.test>",
                    "Teo Sanz " + u, "teo." + u + "@a.test", "Re: Hola", "¿Alguna novedad?", clock.instant(), null),
                    IngestResult.class);
            assertThat(sameNameSuggestionsOf(b)).containsExactly(a);
        } finally {
            threads.shutdownNow();
        }
    }

    private List<Long> sameNameSuggestionsOf(long customerId) {
        List<Long> others = new ArrayList<>();
        api().get("/api/customers/" + customerId + "/suggestions").json().forEach(s -> {
            if ("SAME_NAME".equals(s.get("reason").asText())) {
                others.add(s.get("otherCustomerId").asLong());
            }
        });
        return others;
    }

    @Test
    @Order(6)
    void conversationsStoredBeforeCustomersAreLinkedByWhatTheirRowsKept() {
        String u = unique();
        long a = storedBeforeCustomers("Ada " + u, "ada." + u + "@a.test", null);
        long b = storedBeforeCustomers("Ada " + u, "ADA." + u + "@a.test", miraklOrder());
        long c = storedBeforeCustomers("Bo " + u, "bo." + u + "@a.test", null);

        assertThat(backfill.linkAll()).isGreaterThanOrEqualTo(3);

        assertThat(customerOf(b)).isEqualTo(customerOf(a));
        assertThat(customerOf(c)).isNotEqualTo(customerOf(a));
        assertThat(backfill.linkAll()).as("nothing left the second time").isZero();
    }

    /** A conversation row as the ingest wrote it before V12, without a customer. */
    long storedBeforeCustomers(String name, String email, String orderId) {
        String thread = "old-" + UUID.randomUUID();
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, subject, customer_name, customer_email,
                                          order_id, created_at, last_message_at)
                values (:channel, :thread, 'WAITING_CUSTOMER', 'Old', :name, :email, :order, :now, :now)""")
                .param("channel", TestChannels.WEB_SHOP).param("thread", thread).param("name", name).param("email", email)
                .param("order", orderId).param("now", io.omniqueue.platform.SqlTime.param(clock.instant())).update();
        return jdbc.sql("select id from conversation where external_thread_id = :t").param("t", thread).query(Long.class).single();
    }

    // ---------------------------------------------------------------- hostile input

    @Test
    @Order(7)
    void theCustomerEndpointsAnswerHostileInputWithProblems() {
        long c = customerOf(webForm("Hostile " + unique(), "h." + unique() + "@a.test", "X", "Y"));
        record Call(String method, String path, String body, int status) {
        }
        for (Call call : List.of(
                new Call("GET", "/api/customers/999999999", null, 404),
                new Call("GET", "/api/customers/abc", null, 400),
                new Call("GET", "/api/customers/999999999/export", null, 404),
                new Call("DELETE", "/api/customers/999999999", null, 404),
                new Call("POST", "/api/customers/" + c + "/merge", "{\"otherId\":" + c + "}", 409),
                new Call("POST", "/api/customers/" + c + "/merge", "{}", 400),
                new Call("POST", "/api/customers/" + c + "/merge", "{\"otherId\":\"x\"}", 400),
                new Call("POST", "/api/customers/" + c + "/merge", "{\"otherId\":999999999}", 404),
                new Call("POST", "/api/customers/999999999/merge", "{\"otherId\":" + c + "}", 404),
                new Call("POST", "/api/customers/" + c + "/merges/999999999/undo", null, 404),
                new Call("POST", "/api/customers/" + c + "/suggestions/999999999/confirm", null, 404),
                new Call("POST", "/api/customers/" + c + "/suggestions/abc/reject", null, 400),
                new Call("GET", "/api/conversations?customer=abc", null, 400))) {
            Api.Response r = api().send(call.method(), call.path(), call.body(),
                    Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
            assertThat(r.status()).as(call + " → " + r.body()).isEqualTo(call.status());
            assertThat(r.contentType()).as(call.toString()).startsWith("application/problem+json");
        }
        Api.Response anonymous = api().send("GET", "/api/customers/" + c, null, Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- privacy

    @Test
    @Order(8)
    void theExportIsADownloadOfEverythingHeldAboutThePerson() {
        String u = unique();
        long form = webForm("Inês Costa " + u, "ines." + u + "@a.test", "Morada", "Posso mudar a morada de entrega?");
        long customer = customerOf(form);

        Api.Response r = api().get("/api/customers/" + customer + "/export");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"customer-" + customer + ".json\"");
        JsonNode export = r.json();
        assertThat(export.get("customer").get("id").asLong()).isEqualTo(customer);
        assertThat(export.get("customer").get("identities").toString()).contains("ines." + u + "@a.test");
        assertThat(ids(export.get("conversations"))).containsExactly(form);
        assertThat(export.get("conversations").get(0).get("messages").get(0).get("body").asText())
                .isEqualTo("Posso mudar a morada de entrega?");
    }

    @Test
    @Order(9)
    void erasureLeavesNothingPersonalNorRelinkableAndTheSlaReportUnchanged() {
        String u = unique();
        String email = "erase." + u + "@a.test";
        long form = webForm("Erik Larsen " + u, email, "Retour " + u, "Secret body " + u);
        long mail = mail("Erik Larsen " + u, email, "Photos " + u, "See the photos " + u, null, null, true,
                List.of(new InboundAttachment("att-" + u, "damaged-" + u + ".jpg", 3L, "image/jpeg",
                        "abc".getBytes(StandardCharsets.UTF_8))));
        long customer = customerOf(form);
        assertThat(customerOf(mail)).isEqualTo(customer);
        String reportBefore = api().get("/api/reports/sla").body();

        Api.Response erased = api().send("DELETE", "/api/customers/" + customer, null,
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN));

        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().get("conversations").asInt()).isEqualTo(2);
        assertThat(erased.json().get("attachments").asInt()).isEqualTo(1);
        assertThat(api().get("/api/reports/sla").body()).isEqualTo(reportBefore);
        for (long id : List.of(form, mail)) {
            String json = conversation(id).toString();
            assertThat(json).doesNotContain(u).doesNotContain("Erik");
            assertThat(conversation(id).get("customerId").asLong()).isEqualTo(customer);
        }
        String export = api().get("/api/customers/" + customer + "/export").body();
        assertThat(export).doesNotContain(u).doesNotContain("Erik");
        assertThat(customer(customer).get("erasedAt").isTextual()).isTrue();
        assertThat(jdbc.sql("select count(*) from customer_erasure where customer_id = :c and trigger_kind = 'REQUEST'")
                .param("c", customer).query(Long.class).single()).isEqualTo(1);
        // Nothing links to the erased customer again: the same address is a new person.
        assertThat(customerOf(webForm("Erik Larsen " + u, email, "Hallo", "Noch einmal."))).isNotEqualTo(customer);
        assertThat(api().send("DELETE", "/api/customers/" + customer, null,
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN)).status()).isEqualTo(409);
    }

    @Test
    @Order(9)
    void erasureEmptiesTheQuarantinedPayloadsThatNameThePersonAndLeavesTheOthers() {
        String u = unique();
        String email = "quarantined." + u + "@a.test";
        long customer = customerOf(webForm("Quentin Roy " + u, email, "Colis", "Toujours rien."));
        long naming = quarantine.rejectedPayload(TestChannels.WEB_SHOP, "test-payload",
                "{\"from\":\"" + email.toUpperCase(java.util.Locale.ROOT) + "\",\"body\":\"Mon adresse: 3 rue Pasteur\"}",
                "unreadable for the test");
        long other = quarantine.rejectedPayload(TestChannels.WEB_SHOP, "test-payload",
                "{\"from\":\"someone." + u + "@b.test\"}", "unreadable for the test");

        Api.Response erased = api().send("DELETE", "/api/customers/" + customer, null,
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN));

        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode emptied = api().get("/api/quarantine/" + naming).json();
        assertThat(emptied.toString()).doesNotContain("Pasteur").doesNotContainIgnoringCase(email);
        assertThat(emptied.get("status").asText()).isEqualTo("DISCARDED");
        JsonNode kept = api().get("/api/quarantine/" + other).json();
        assertThat(kept.get("payload").asText()).contains("someone." + u);
        assertThat(kept.get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    @Order(10)
    void aReplyStillWaitingForAnErasedCustomerIsCancelledNotSent() {
        String u = unique();
        long form = webForm("Olga Berg " + u, "olga." + u + "@a.test", "Frage", "Wann kommt es?");
        // The form's callback is down: the reply waits for its next attempt.
        callback.stubFor(post(urlEqualTo("/callback")).withRequestBody(matchingJsonPath("$.body", equalTo("Reply " + u)))
                .willReturn(aResponse().withStatus(503)));
        Api.Response reply = api().post("/api/conversations/" + form + "/replies", "{\"body\":\"Reply " + u + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        long replyId = reply.json().get("replyId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/replies/" + replyId).json().get("attempts").asInt() >= 1);

        Api.Response erased = api().send("DELETE", "/api/customers/" + customerOf(form), null,
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN));

        assertThat(erased.json().get("repliesCancelled").asInt()).as(erased.body()).isEqualTo(1);
        JsonNode after = api().get("/api/replies/" + replyId).json();
        assertThat(after.get("status").asText()).isEqualTo("CANCELLED");
        // Never answered: its clock runs again, as for a reply that failed.
        assertThat(conversation(form).get("status").asText()).isEqualTo("NEEDS_REPLY");
    }

    @Test
    @Order(11)
    void anIngestLinkingToACustomerBeingErasedWaitsAndMakesANewCustomer() throws Exception {
        String u = unique();
        String email = "race." + u + "@a.test";
        long first = webForm("Rita Race " + u, email, "Erste " + u, "First " + u);
        long customer = customerOf(first);
        CountDownLatch erasedUncommitted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> erasing = threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                erasure.erase(customer, "test");
                erasedUncommitted.countDown();
                try {
                    commit.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(erasedUncommitted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Long> linking = threads.submit(() -> webForm("Rita Race " + u, email, "Zweite " + u, "Second " + u));
            try {
                // Fixed, the ingest waits for the erasure to commit; broken, it links to the customer meanwhile.
                // Well under H2's lock timeout (H2LockTimeout), which would fail the waiting ingest.
                linking.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException waitingForTheErasure) {
                // what it should do
            }
            commit.countDown();
            erasing.get(30, TimeUnit.SECONDS);
            long second = linking.get(30, TimeUnit.SECONDS);

            assertThat(customerOf(second)).as("a new person, not the erased customer").isNotEqualTo(customer);
            assertThat(customer(customer).get("conversations").size()).isEqualTo(1);
            assertThat(conversation(second).toString()).contains("Second " + u);
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    @Order(13)
    void aMessageArrivingInAThreadBeingErasedOpensANewConversationInsteadOfFailing() throws Exception {
        String u = unique();
        String alias = u + "race@marketplace.amazon.de";
        String order = amazonOrder();
        long first = mail("Rolf Race " + u, alias, "Frage", "Erste Frage " + u, order, "amazon.de", true, List.of());
        long customer = customerOf(first);
        CountDownLatch erasedUncommitted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> erasing = threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                erasure.erase(customer, "test");
                erasedUncommitted.countDown();
                try {
                    commit.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(erasedUncommitted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Long> ingesting = threads.submit(() -> mail("Rolf Race " + u, alias, "Frage", "Nachtrag " + u, order,
                    "amazon.de", true, List.of()));
            try {
                ingesting.get(2, TimeUnit.SECONDS); // it waits for the thread's row, locked by the erasure (H2: up to 15 s)
            } catch (TimeoutException waitingForTheErasure) {
                // expected
            }
            commit.countDown();
            erasing.get(30, TimeUnit.SECONDS);
            long second = ingesting.get(30, TimeUnit.SECONDS);

            assertThat(second).as("the erased conversation stays erased").isNotEqualTo(first);
            assertThat(conversation(second).toString()).contains("Nachtrag " + u);
            assertThat(conversation(first).toString()).doesNotContain(u);
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    @Order(14)
    void aMessageListedAgainAfterItsCustomerWasErasedDoesNotBringBackWhatWasErased() {
        String u = unique();
        String thread = "<relist-" + u + "@mail.test>";
        InboundMessage m = new InboundMessage(MAILBOX, thread, thread, Direction.INBOUND, AuthorRole.CUSTOMER,
                "Greta Wieder " + u, "greta." + u + "@a.test", "Rückgabe " + u, "Mein Paket " + u, clock.instant(), null, true,
                null, List.of(), null, null, null, null);
        long first = producer.requestBody("direct:ingest", m, IngestResult.class).conversationId();
        Api.Response erased = api().send("DELETE", "/api/customers/" + customerOf(first), null,
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);

        // The source lists the same message again (an overlap window, a re-read thread).
        IngestResult again = producer.requestBody("direct:ingest", m, IngestResult.class);

        assertThat(again.duplicate()).isTrue();
        assertThat(jdbc.sql("""
                select count(*) from conversation
                where external_thread_id = :thread or customer_name like :u or customer_email like :u or subject like :u""")
                .param("thread", thread).param("u", "%" + u + "%").query(Long.class).single())
                .as("no conversation holds again what was erased").isZero();
    }

    @Test
    @Order(12)
    void retentionKeepsAConversationWhoseCustomerWroteAfterTheRunChoseIt() {
        String u = unique();
        String alias = u + "late@marketplace.amazon.de";
        String order = amazonOrder();
        long thread = mail("Lena Spät " + u, alias, "Frage", "Danke " + u, order, "amazon.de", false, List.of());
        Instant chosenBefore = clock.instant().plus(Duration.ofMinutes(1));
        assertThat(conversation(thread).get("status").asText()).isNotEqualTo("NEEDS_REPLY");
        // The run chose it (idle before chosenBefore); then the customer writes again, before its erasure.
        assertThat(mail("Lena Spät " + u, alias, "Frage", "Doch noch eine Frage " + u, order, "amazon.de", true, List.of()))
                .isEqualTo(thread);

        assertThat(erasure.eraseForRetention(thread, chosenBefore, "amazon.de=P30D")).isEmpty();

        assertThat(conversation(thread).get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(conversation(thread).toString()).contains("Doch noch eine Frage " + u);
    }

    @Test
    @Order(100)
    void retentionErasesClosedConversationsOnceTheirMarketplacesTimeHasPassed() {
        String u = unique();
        long de = mail("Karl Braun " + u, u + "de@marketplace.amazon.de", "Frage", "Danke, alles gut " + u, amazonOrder(),
                "amazon.de", false, List.of());
        long deOpen = mail("Karl Braun " + u, u + "de2@marketplace.amazon.de", "Frage", "Wo ist es " + u, amazonOrder(),
                "amazon.de", true, List.of());
        long fr = mail("Jean Dupont " + u, u + "fr@marketplace.amazon.fr", "Question", "Merci " + u, amazonOrder(),
                "amazon.fr", false, List.of());
        long deCustomer = customerOf(de);
        assertThat(conversation(de).get("status").asText()).isNotEqualTo("NEEDS_REPLY");

        clock.advance(Duration.ofDays(29));
        retention.run();
        assertThat(conversation(de).toString()).contains(u);

        clock.advance(Duration.ofDays(2));
        retention.run();
        assertThat(conversation(de).toString()).doesNotContain(u);
        assertThat(conversation(deOpen).toString()).as("still waiting for a reply").contains(u);
        assertThat(conversation(fr).toString()).as("amazon.* keeps 90 days").contains(u);
        assertThat(customer(deCustomer).get("erasedAt").isTextual()).as("its only conversation is gone").isTrue();
        assertThat(jdbc.sql("select count(*) from customer_erasure where conversation_id = :c and trigger_kind = 'RETENTION'")
                .param("c", de).query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofDays(60));
        retention.run();
        assertThat(conversation(fr).toString()).doesNotContain(u);
    }
}
