package io.omniqueue.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniqueue.support.Api;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Language and reason for writing through the ingest, the store and the API, the same on every
 * database: what a customer message says shows on its conversation, filters the queue, can be
 * corrected by an agent, suggests "no reply needed" after a plain thank-you, warns about a reply in
 * another language, and is counted by the topic report.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
abstract class LanguageAndTopicContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    static void commonProperties(DynamicPropertyRegistry registry) {
        // No reply goes anywhere in these tests: the callback address is never called.
        TestChannels.register(registry, TestChannels.properties("http://localhost:9"));
    }

    Api api() {
        return new Api(port);
    }

    long customerWrites(String thread, String subject, String body) {
        ObjectNode message = JSON.createObjectNode();
        message.put("threadId", thread);
        message.put("messageId", thread + "/" + UUID.randomUUID());
        message.putObject("customer").put("name", "Customer").put("email", "customer@example.com");
        message.put("subject", subject);
        message.put("body", body);
        message.put("sentAt", clock.instant().toString());
        message.put("orderId", "ORD-7");
        Api.Response r = api().post("/api/inbound/" + TestChannels.WEB_SHOP, message.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("conversationId").asLong();
    }

    JsonNode conversation(long id) {
        Api.Response r = api().get("/api/conversations/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    List<Long> queue(String query) {
        Api.Response r = api().get("/api/conversations?status=NEEDS_REPLY&limit=200&" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().get("items").forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }

    static String thread() {
        return "insight-" + UUID.randomUUID();
    }

    @Test
    void aCustomerMessagesLanguageAndTopicShowOnItsConversation() {
        long id = customerWrites(thread(), "Pedido",
                "Hola, hice el pedido hace dos semanas y todavía no ha llegado. ¿Cuándo lo voy a recibir?");

        JsonNode c = conversation(id);
        assertThat(c.get("language").asText()).isEqualTo("es");
        assertThat(c.get("topic").asText()).isEqualTo("where-is-my-order");
        assertThat(c.get("noReplySuggested").asBoolean()).isFalse();
        Map<String, Object> stored = jdbc.sql("select language, language_confidence, topic from message where conversation_id = :id")
                .param("id", id).query().singleRow();
        assertThat(stored.get("language")).isEqualTo("es");
        assertThat(((Number) stored.get("language_confidence")).doubleValue()).isGreaterThan(0);
        assertThat(stored.get("topic")).isEqualTo("where-is-my-order");
    }

    @Test
    void theQueueFiltersByLanguageAndByTopic() {
        long french = customerWrites(thread(), "Colis", "Bonjour, le vase est arrivé cassé, je vous envoie une photo du carton écrasé.");
        long german = customerWrites(thread(), "Rechnung", "Guten Tag, bitte schicken Sie mir eine Rechnung mit Mehrwertsteuer für meine Firma.");

        assertThat(queue("language=fr")).contains(french).doesNotContain(german);
        assertThat(queue("language=de")).contains(german).doesNotContain(french);
        assertThat(queue("topic=damaged")).contains(french).doesNotContain(german);
        assertThat(queue("topic=invoice&language=de")).contains(german).doesNotContain(french);
    }

    @Test
    void anUnknownLanguageOrTopicInTheQueueFilterIsABadRequest() {
        Api.Response topic = api().get("/api/conversations?topic=shipping");
        assertThat(topic.status()).isEqualTo(400);
        assertThat(topic.contentType()).startsWith("application/problem+json");
        assertThat(topic.body()).contains("where-is-my-order");
        Api.Response language = api().get("/api/conversations?language=nl");
        assertThat(language.status()).isEqualTo(400);
        assertThat(language.body()).contains("es");
    }

    @Test
    void anAgentsTopicCorrectionIsStoredAndWinsOverLaterMessages() {
        String thread = thread();
        long id = customerWrites(thread, "Order", "Hello, the blue jacket I received is not what I ordered, you sent a black one instead.");
        assertThat(conversation(id).get("topic").asText()).isEqualTo("wrong-item");

        Api.Response corrected = api().send("PUT", "/api/conversations/" + id + "/topic", "{\"topic\":\"size-or-fit\"}",
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(corrected.json().get("topic").asText()).isEqualTo("size-or-fit");
        assertThat(corrected.json().get("topicCorrection").get("by").asText()).isNotBlank();

        customerWrites(thread, "Order", "Also the zip of the jacket arrived broken, it is damaged and does not work.");
        assertThat(conversation(id).get("topic").asText()).isEqualTo("size-or-fit");
        assertThat(jdbc.sql("select topic, previous_topic, corrected_by from topic_correction where conversation_id = :id")
                .param("id", id).query().singleRow())
                .containsEntry("topic", "size-or-fit").containsEntry("previous_topic", "wrong-item");
        assertThat(conversation(id).get("events").toString()).contains("TOPIC_CORRECTED");
    }

    @Test
    void anUnknownTopicCorrectionIsRefusedAndChangesNothing() {
        long id = customerWrites(thread(), "Code", "My discount code WELCOME10 is not working at checkout, it says the code is invalid.");
        Api.Response r = api().send("PUT", "/api/conversations/" + id + "/topic", "{\"topic\":\"angry\"}",
                Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
        assertThat(r.status()).isEqualTo(400);
        assertThat(conversation(id).get("topic").asText()).isEqualTo("promo-code");
        assertThat(jdbc.sql("select count(*) from topic_correction where conversation_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aLastMessageThatIsOnlyThanksSuggestsNoReplyButNeverClosesTheConversation() {
        String thread = thread();
        long id = customerWrites(thread, "Pedido", "¿Dónde está mi pedido? Todavía no me ha llegado y ya pasaron diez días.");
        assertThat(conversation(id).get("noReplySuggested").asBoolean()).isFalse();

        customerWrites(thread, "Pedido", "¡Muchas gracias! Ya me ha llegado, todo perfecto.");

        JsonNode c = conversation(id);
        assertThat(c.get("noReplySuggested").asBoolean()).isTrue();
        assertThat(c.get("status").asText()).isEqualTo("NEEDS_REPLY");
        assertThat(c.get("topic").asText()).as("the reason for writing stays the question's").isEqualTo("where-is-my-order");
    }

    @Test
    void aReplyInAnotherLanguageThanTheCustomersIsAcceptedWithAWarning() {
        long id = customerWrites(thread(), "Paquete", "Hola, el paquete llegó roto y la lámpara no funciona. ¿Qué puedo hacer?");

        Api.Response english = api().post("/api/conversations/" + id + "/replies",
                "{\"body\":\"Hello, we are sorry about the broken lamp, we will send you a new one tomorrow.\"}");
        assertThat(english.status()).as(english.body()).isEqualTo(202);
        assertThat(english.json().get("languageWarning").get("replyLanguage").asText()).isEqualTo("en");
        assertThat(english.json().get("languageWarning").get("customerLanguage").asText()).isEqualTo("es");

        Api.Response spanish = api().post("/api/conversations/" + id + "/replies",
                "{\"body\":\"Hola, sentimos mucho lo de la lámpara rota, mañana te enviamos una nueva.\"}");
        assertThat(spanish.status()).as(spanish.body()).isEqualTo(202);
        assertThat(spanish.json().has("languageWarning")).isFalse();
    }

    @Test
    void theTopicReportCountsCustomerMessagesByMarketplaceAndTopic() {
        long before = invoiceMessagesOfTheShop();
        customerWrites(thread(), "Factura", "Buenos días, necesito la factura del pedido a nombre de mi empresa, con el CIF.");
        customerWrites(thread(), "Fattura", "Buongiorno, mi serve la fattura intestata alla mia azienda con la partita IVA.");

        assertThat(invoiceMessagesOfTheShop()).isEqualTo(before + 2);
        assertThat(api().get("/api/reports/topics?days=5").status()).isEqualTo(400);
    }

    private long invoiceMessagesOfTheShop() {
        Api.Response r = api().get("/api/reports/topics?days=7");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        long count = 0;
        for (JsonNode row : r.json().get("rows")) {
            if (row.get("marketplace").asText().equals("shop") && row.get("topic").asText().equals("invoice")) {
                count += row.get("customerMessages").asLong();
            }
        }
        return count;
    }
}
