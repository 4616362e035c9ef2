package io.omniqueue.channel.ebay;

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

/** eBay's conversation JSON (the reference's captured shapes) into inbound messages. */
class EbayConversationMapperTest {

    static final Channel CHANNEL = new Channel(new ChannelSettings("ebay-es", "ebay", null, null, null, "ebay.es"),
            new EbaySettings(null, null, "id", "secret", "refresh", "Acme-Shop", null, null, null, null, null, null), "ebay.es",
            SlaPolicy.wallClock(Duration.ofHours(24)), Map.of());
    final ObjectMapper json = new ObjectMapper();
    final EbayConversationMapper mapper = new EbayConversationMapper();

    List<InboundMessage> map(String conversation) throws Exception {
        return mapper.map(CHANNEL, json.readTree(conversation));
    }

    @Test
    void buyerAndSellerAreToldApartByTheSellersUsernameWhateverItsCaseOldestFirst() throws Exception {
        List<InboundMessage> messages = map("""
                {"conversationId":"125432475305","conversationTitle":"Question about item 405955487848","referenceId":"405955487848",
                 "messages":[
                  {"messageId":"3497560590015","messageBody":"Yes, it ships today.","senderUsername":"acme-shop",
                   "recipientUsername":"ibrkha-3737","createdDate":"2026-11-30T06:49:32.000Z"},
                  {"messageId":"6275165199019","messageBody":"Is this still available?","senderUsername":"ibrkha-3737",
                   "recipientUsername":"acme-shop","createdDate":"2026-11-29T21:08:23.000Z",
                   "messageMedia":[{"mediaName":"photo.jpg","mediaType":"IMAGE","mediaUrl":"https://i.ebayimg.com/images/g/abc/s-l1600.jpg"}]}]}""");
        assertThat(messages).extracting(InboundMessage::externalMessageId).containsExactly("6275165199019", "3497560590015");
        InboundMessage buyer = messages.get(0);
        assertThat(buyer.direction()).isEqualTo(Direction.INBOUND);
        assertThat(buyer.authorRole()).isEqualTo(AuthorRole.CUSTOMER);
        assertThat(buyer.needsReply()).isTrue();
        assertThat(buyer.customerRef()).isEqualTo("ibrkha-3737");
        assertThat(buyer.orderId()).isNull();
        assertThat(buyer.subject()).isEqualTo("Question about item 405955487848");
        assertThat(buyer.body()).isEqualTo("Is this still available?\n[photo.jpg] https://i.ebayimg.com/images/g/abc/s-l1600.jpg");
        InboundMessage seller = messages.get(1);
        assertThat(seller.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(seller.authorRole()).isEqualTo(AuthorRole.SHOP);
        assertThat(seller.needsReply()).isFalse();
        assertThat(seller.customerRef()).isEqualTo("ibrkha-3737");
        assertThat(seller.externalThreadId()).isEqualTo("125432475305");
    }

    @Test
    void theSubjectNamesTheListingWhenEbaysTitleDoesNot() {
        assertThat(EbayConversationMapper.subject("Envío a Canarias", "405955487848")).isEqualTo("Envío a Canarias (eBay item 405955487848)");
        assertThat(EbayConversationMapper.subject(null, "405955487848")).isEqualTo("eBay item 405955487848");
        assertThat(EbayConversationMapper.subject("Hola", null)).isEqualTo("Hola");
    }

    @Test
    void aMessageWithoutADateIsMalformed() {
        assertThatThrownBy(() -> map("""
                {"conversationId":"1","messages":[{"messageId":"2","senderUsername":"b","createdDate":"yesterday"}]}"""))
                .isInstanceOf(MalformedConversationException.class).hasMessageContaining("yesterday");
    }

    @Test
    void htmlIsFoundByItsTagsNotByEveryAngleBracket() {
        assertThat(EbayReplySender.htmlTag("Precio < 20 € y > 10 €")).isEmpty();
        assertThat(EbayReplySender.htmlTag("Escríbanos a <ana@example.com>")).isEmpty();
        assertThat(EbayReplySender.htmlTag("Hola<br>adiós")).contains("br");
        assertThat(EbayReplySender.htmlTag("<a href=\"https://x\">aquí</a>")).contains("a");
    }
}
