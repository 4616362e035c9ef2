package io.omniqueue.channel.kaufland;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.quarantine.QuarantineReplayer;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads a quarantined Kaufland ticket again (as stored, or as corrected by an operator). */
@Component
class KauflandQuarantineReplayer implements QuarantineReplayer {

    private final ChannelRegistry channels;
    private final KauflandTicketMapper mapper;
    private final ObjectMapper json;

    KauflandQuarantineReplayer(ChannelRegistry channels, KauflandTicketMapper mapper, ObjectMapper json) {
        this.channels = channels;
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public String kind() {
        return KauflandKind.NAME;
    }

    @Override
    public String source() {
        return KauflandPoller.QUARANTINE_SOURCE;
    }

    @Override
    public List<InboundMessage> replay(String channelId, String payload) {
        var channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalStateException("channel '" + channelId + "' is no longer configured"));
        try {
            return mapper.map(channel, json.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
