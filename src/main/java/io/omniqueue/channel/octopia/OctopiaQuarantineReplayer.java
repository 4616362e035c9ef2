package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.quarantine.QuarantineReplayer;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads a quarantined Octopia discussion again (as stored, or as corrected by an operator). */
@Component
class OctopiaQuarantineReplayer implements QuarantineReplayer {

    private final ChannelRegistry channels;
    private final OctopiaDiscussionMapper mapper;
    private final ObjectMapper json;

    OctopiaQuarantineReplayer(ChannelRegistry channels, OctopiaDiscussionMapper mapper, ObjectMapper json) {
        this.channels = channels;
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public String kind() {
        return OctopiaKind.NAME;
    }

    @Override
    public String source() {
        return OctopiaPoller.QUARANTINE_SOURCE;
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
