package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.quarantine.QuarantineReplayer;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads a quarantined eBay conversation again (as stored, or as corrected by an operator). */
@Component
class EbayQuarantineReplayer implements QuarantineReplayer {

    private final ChannelRegistry channels;
    private final EbayConversationMapper mapper;
    private final ObjectMapper json;

    EbayQuarantineReplayer(ChannelRegistry channels, EbayConversationMapper mapper, ObjectMapper json) {
        this.channels = channels;
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public String kind() {
        return EbayKind.NAME;
    }

    @Override
    public String source() {
        return EbayPoller.QUARANTINE_SOURCE;
    }

    @Override
    public List<InboundMessage> replay(String channelId, String payload) {
        var channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalStateException("channel '" + channelId + "' is no longer configured"));
        try {
            return mapper.map(channel, json.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (MalformedConversationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
