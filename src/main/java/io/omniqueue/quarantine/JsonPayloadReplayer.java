package io.omniqueue.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.InboundMessage;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The replayer of a marketplace connector whose quarantined payload is one JSON document (a
 * Mirakl thread, an eBay conversation, an Octopia discussion, a Kaufland ticket): parsed and
 * handed to the connector's own mapper with the channel, as the poller does. A connector's
 * replayer is then only its kind, its source and its mapper.
 */
public abstract class JsonPayloadReplayer implements QuarantineReplayer {

    private final String kind;
    private final String source;
    private final ChannelRegistry channels;
    private final ObjectMapper json;
    private final BiFunction<Channel, JsonNode, List<InboundMessage>> mapper;

    protected JsonPayloadReplayer(String kind, String source, ChannelRegistry channels, ObjectMapper json,
                                  BiFunction<Channel, JsonNode, List<InboundMessage>> mapper) {
        this.kind = kind;
        this.source = source;
        this.channels = channels;
        this.json = json;
        this.mapper = mapper;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final String source() {
        return source;
    }

    @Override
    public final List<InboundMessage> replay(String channelId, String payload) {
        Channel channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalStateException("channel '" + channelId + "' is no longer configured"));
        JsonNode document;
        try {
            document = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        // The mapper's own "malformed" exception carries the reason the operator sees.
        return mapper.apply(channel, document);
    }
}
