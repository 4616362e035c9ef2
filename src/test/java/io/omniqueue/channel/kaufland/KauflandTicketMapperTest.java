package io.omniqueue.channel.kaufland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.sla.SlaPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KauflandTicketMapperTest {

    static final Channel CHANNEL = new Channel(new ChannelSettings("kaufland-de", "kaufland", null, null, null, "kaufland.de"),
            new KauflandSettings(null, "k", "s", "de", null, null, null), "kaufland.de",
            SlaPolicy.wallClock(Duration.ofHours(48)), Map.of());

    final KauflandTicketMapper mapper = new KauflandTicketMapper();
    final ObjectMapper json = new ObjectMapper();

    List<InboundMessage> map(String ticket) throws Exception {
        return mapper.map(CHANNEL, json.readTree(ticket));
    }

    // Kaufland's example ticket (reference §3), with a seller answer, a system note and a Kaufland message.
    static final String TICKET = """
            {"id_ticket":"00110123123","ids_order_units":[400000005],"id_buyer":21631426,
             "ts_created_iso":"2026-11-29T07:02:11Z","ts_updated_iso":"2026-11-29T09:40:00Z","status":"opened",
             "open_reason":"product_defect","topic":"order_product_defect","is_seller_responsible":true,"storefront":"de",
             "buyer":{"id_buyer":21631426,"email":"rvx4k2n8@buyer.kaufland-marketplace.de"},
             "order_units":[{"id_order_unit":400000005,"id_order":"MMX4ZT9"}],
             "messages":[
               {"id_ticket_message":64123126,"id_ticket":"00110123123","author":{"role":"customer_service","name":"Kaufland"},
                "text":"Bitte melden Sie sich beim Kunden.","ts_created_iso":"2026-11-29T09:40:00Z"},
               {"id_ticket_message":64123123,"id_ticket":"00110123123","author":{"role":"buyer","name":"Max Mustermann"},
                "text":"Das Gerät startet nicht.","ts_created_iso":"2026-11-29T07:02:11Z"},
               {"id_ticket_message":64123124,"id_ticket":"00110123123","author":{"role":"seller","name":"Shop"},
                "text":"Bitte einmal neu starten.","ts_created_iso":"2026-11-29T08:00:00Z"},
               {"id_ticket_message":64123125,"id_ticket":"00110123123","author":{"role":"system","name":"Kaufland"},
                "text":"Erinnerung","ts_created_iso":"2026-11-29T09:00:00Z"}]}""";

    @Test
    void rolesMapToDirectionAndClockAndTheTicketKeepsItsLeadingZeros() throws Exception {
        List<InboundMessage> messages = map(TICKET);
        assertThat(messages).extracting(InboundMessage::externalMessageId)
                .containsExactly("64123123", "64123124", "64123125", "64123126");
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.externalThreadId()).isEqualTo("00110123123");
            assertThat(m.orderId()).isEqualTo("MMX4ZT9");
            assertThat(m.customerRef()).isEqualTo("21631426");
        });
        assertThat(messages.get(0)).satisfies(m -> {
            assertThat(m.direction()).isEqualTo(Direction.INBOUND);
            assertThat(m.authorRole()).isEqualTo(AuthorRole.CUSTOMER);
            assertThat(m.needsReply()).isTrue();
            assertThat(m.authorEmail()).isEqualTo("rvx4k2n8@buyer.kaufland-marketplace.de");
        });
        assertThat(messages.get(1).direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(messages.get(2)).satisfies(m -> {
            assertThat(m.authorRole()).isEqualTo(AuthorRole.SYSTEM);
            assertThat(m.needsReply()).as("a later system note").isFalse();
        });
        assertThat(messages.get(3)).satisfies(m -> {
            assertThat(m.authorRole()).isEqualTo(AuthorRole.OPERATOR);
            assertThat(m.needsReply()).isTrue();
        });
    }

    @Test
    void withoutOrderUnitsTheOrderUnitIdIsTheOrder() throws Exception {
        String ticket = TICKET.replace("\"order_units\":[{\"id_order_unit\":400000005,\"id_order\":\"MMX4ZT9\"}],", "");
        assertThat(map(ticket).get(0).orderId()).isEqualTo("400000005");
    }

    @Test
    void aMessageWithoutDateIsMalformed() {
        assertThatThrownBy(() -> map(TICKET.replace("\"ts_created_iso\":\"2026-11-29T08:00:00Z\"", "\"ts_created_iso\":\"soon\"")))
                .isInstanceOf(MalformedTicketException.class).hasMessageContaining("soon");
    }
}
