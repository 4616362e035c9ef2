package io.omniqueue.channel.octopia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Octopia's discussion, in the reference's example shape, as inbound messages. */
class OctopiaDiscussionMapperTest {

    static final String DISCUSSION = """
            {"discussionId":"6565f0a1c2d4e81b9a7f3c21","subject":"Produit endommagé","isOpen":true,"salesChannel":"CDISFR",
             "orderReference":"2311150930ABCDE","customerId":"98765432","updatedAt":"2026-11-29T09:00:00.000Z",
             "messages":[
              {"messageId":"m1","body":"Bonjour, le colis est arrivé cassé.","createdAt":"2026-11-29T08:14:03.512Z",
               "sender":{"userId":"98765432","userType":"Customer"}},
              {"messageId":"m2","body":"Nous renvoyons un produit.","createdAt":"2026-11-29T08:20:00Z",
               "sender":{"userId":"123456","userType":"Seller"}},
              {"messageId":"m3","body":"Le service client suit ce dossier.","createdAt":"2026-11-29T08:30:00Z",
               "sender":{"userType":"GrcOperator"}},
              {"messageId":"m4","body":"Rappel automatique.","createdAt":"2026-11-29T08:40:00Z",
               "sender":{"userType":"Automatic"}}]}""";

    final OctopiaDiscussionMapper mapper = new OctopiaDiscussionMapper();
    final ObjectMapper json = new ObjectMapper();

    static Channel channel(Boolean operatorNeedsReply) {
        return new Channel(new ChannelSettings("cdiscount-fr", "octopia", null, null, null, null),
                new OctopiaSettings(null, null, "c", "s", "1", "CDISFR", null, operatorNeedsReply, null, null),
                "cdiscount.fr", null, null);
    }

    @Test
    void customerSellerOperatorAndAutomaticMessagesAreToldApart() throws Exception {
        List<InboundMessage> messages = mapper.map(channel(null), json.readTree(DISCUSSION));
        assertThat(messages).extracting(InboundMessage::authorRole)
                .containsExactly(AuthorRole.CUSTOMER, AuthorRole.SHOP, AuthorRole.OPERATOR, AuthorRole.SYSTEM);
        assertThat(messages).extracting(InboundMessage::direction)
                .containsExactly(Direction.INBOUND, Direction.OUTBOUND, Direction.INBOUND, Direction.INBOUND);
        assertThat(messages).extracting(InboundMessage::needsReply).containsExactly(true, false, false, false);
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.externalThreadId()).isEqualTo("6565f0a1c2d4e81b9a7f3c21");
            assertThat(m.orderId()).isEqualTo("2311150930ABCDE");
            assertThat(m.customerRef()).isEqualTo("98765432");
        });
    }

    @Test
    void operatorMessagesNeedAReplyOnlyWhereConfigured() throws Exception {
        assertThat(mapper.map(channel(true), json.readTree(DISCUSSION)).get(2).needsReply()).isTrue();
    }

    @Test
    void aMessageWithoutADateIsMalformed() throws Exception {
        String broken = DISCUSSION.replace("\"createdAt\":\"2026-11-29T08:20:00Z\",", "");
        assertThatThrownBy(() -> mapper.map(channel(null), json.readTree(broken)))
                .isInstanceOf(MalformedDiscussionException.class).hasMessageContaining("m2");
    }
}
