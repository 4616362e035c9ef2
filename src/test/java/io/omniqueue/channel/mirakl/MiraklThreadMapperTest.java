package io.omniqueue.channel.mirakl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.sla.SlaPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiraklThreadMapperTest {

    // Mirakl's documented M10 example (Postman collection), with an MMP_ORDER entity and an operator note.
    private static final String THREAD = """
            {"id":"702c3e56-dcca-41e2-b6bd-72ba3fa809be",
             "date_created":"2018-10-02T08:36:36.479Z","date_updated":"2018-10-03T09:40:17.241Z",
             "topic":{"type":"FREE_TEXT","value":"Questions about my order"},
             "entities":[{"id":"MIR-KQ1CI2U0-B","label":"Order","type":"MMP_ORDER"}],
             "authorized_participants":[{"display_name":"Shop","id":"2001","type":"SHOP"},
                                        {"display_name":"Juan Cao","id":"cust-7","type":"CUSTOMER"}],
             "messages":[
              {"id":"df4a3163","body":"Hello, I have a few questions","date_created":"2018-10-02T08:36:36.479Z",
               "from":{"display_name":"Juan Cao","type":"CUSTOMER_USER"},"to":[{"display_name":"Shop","id":"2001","type":"SHOP"}]},
              {"id":"d752f26f","body":"Dear customer, ...","date_created":"2018-10-03T09:40:17.241Z",
               "attachments":[{"id":"fce1742e","name":"Brochure du service","size":200}],
               "from":{"display_name":"Shop user","type":"SHOP_USER"},"to":[{"display_name":"Juan Cao","id":"cust-7","type":"CUSTOMER"}]},
              {"id":"op-1","body":"Please answer the customer","date_created":"2018-10-03T10:00:00Z",
               "from":{"display_name":"Operator","type":"OPERATOR_USER"},"to":[]},
              {"id":"x-1","body":"?","date_created":"2018-10-03T10:05:00Z","from":{"display_name":"Bot","type":"SOMETHING_NEW"},"to":[]}],
             "metadata":{"last_message_date":"2018-10-03T10:05:00Z","shop_reply_needed_since":null,"total_count":4},
             "no_store_reply_needed":[]}""";

    private final ObjectMapper json = new ObjectMapper();
    private final MiraklThreadMapper mapper = new MiraklThreadMapper();

    private static Channel channel(Boolean operatorNeedsReply) {
        return new Channel(new ChannelSettings("carrefour-fr", "mirakl", null, null, null, URI.create("http://mirakl"), "k",
                null, null, null, operatorNeedsReply, null, null, null, null, null, null, null, null, null, null, null),
                SlaPolicy.wallClock(Duration.ofHours(24)));
    }

    private List<InboundMessage> map(String thread, Boolean operatorNeedsReply) throws Exception {
        return mapper.map(channel(operatorNeedsReply), json.readTree(thread));
    }

    @Test
    void customerMessageNeedsAReplyAndCarriesTheOrderAndTopic() throws Exception {
        InboundMessage customer = map(THREAD, null).get(0);
        assertThat(customer.direction()).isEqualTo(Direction.INBOUND);
        assertThat(customer.authorRole()).isEqualTo(AuthorRole.CUSTOMER);
        assertThat(customer.needsReply()).isTrue();
        assertThat(customer.orderId()).isEqualTo("MIR-KQ1CI2U0-B");
        assertThat(customer.subject()).isEqualTo("Questions about my order");
        assertThat(customer.externalThreadId()).isEqualTo("702c3e56-dcca-41e2-b6bd-72ba3fa809be");
        assertThat(customer.sentAt()).isEqualTo(Instant.parse("2018-10-02T08:36:36.479Z"));
    }

    @Test
    void shopMessageTypedInTheBackOfficeIsOutboundAndListsItsAttachments() throws Exception {
        InboundMessage shop = map(THREAD, null).get(1);
        assertThat(shop.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(shop.authorRole()).isEqualTo(AuthorRole.SHOP);
        assertThat(shop.attachments()).singleElement().satisfies(a -> {
            assertThat(a.externalId()).isEqualTo("fce1742e");
            assertThat(a.name()).isEqualTo("Brochure du service");
            assertThat(a.sizeBytes()).isEqualTo(200L);
        });
    }

    @Test
    void operatorMessageFollowsTheChannelSetting() throws Exception {
        assertThat(map(THREAD, null).get(2).needsReply()).isFalse();
        assertThat(map(THREAD, true).get(2).needsReply()).isTrue();
        assertThat(map(THREAD, true).get(2).authorRole()).isEqualTo(AuthorRole.OPERATOR);
    }

    @Test
    void unknownSenderTypeIsShownWithoutTouchingTheClock() throws Exception {
        InboundMessage unknown = map(THREAD, null).get(3);
        assertThat(unknown.authorRole()).isEqualTo(AuthorRole.SYSTEM);
        assertThat(unknown.needsReply()).isFalse();
    }

    @Test
    void shopReplyNeededSinceBecomesTheCustomersWaitingStart() throws Exception {
        String waiting = THREAD.replace("\"shop_reply_needed_since\":null", "\"shop_reply_needed_since\":\"2018-10-02T08:00:00Z\"");
        assertThat(map(waiting, null).get(0).waitingSince()).isEqualTo(Instant.parse("2018-10-02T08:00:00Z"));
    }

    @Test
    void threadWithoutIdIsMalformed() {
        assertThatThrownBy(() -> map("{\"messages\":[]}", null)).isInstanceOf(MalformedThreadException.class)
                .hasMessageContaining("has no id");
    }

    @Test
    void messageWithAnUnreadableDateIsMalformedAndSaysWhichOne() throws Exception {
        JsonNode thread = json.readTree(THREAD);
        ((com.fasterxml.jackson.databind.node.ObjectNode) thread.get("messages").get(0)).put("date_created", "yesterday");
        assertThatThrownBy(() -> mapper.map(channel(null), thread)).isInstanceOf(MalformedThreadException.class)
                .hasMessageContaining("yesterday");
    }

    @Test
    void messageWithoutSenderTypeIsMalformed() throws Exception {
        JsonNode thread = json.readTree(THREAD);
        ((com.fasterxml.jackson.databind.node.ObjectNode) thread.get("messages").get(0)).remove("from");
        assertThatThrownBy(() -> mapper.map(channel(null), thread)).hasMessageContaining("from.type");
    }
}
