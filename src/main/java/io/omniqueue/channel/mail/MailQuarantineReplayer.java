package io.omniqueue.channel.mail;

import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.quarantine.QuarantineReplayer;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads a quarantined mail again: as stored (base64 of the raw bytes) or as a corrected raw text. */
@Component
class MailQuarantineReplayer implements QuarantineReplayer {

    private final ChannelRegistry channels;
    private final MailIngestor ingestor;

    MailQuarantineReplayer(ChannelRegistry channels, MailIngestor ingestor) {
        this.channels = channels;
        this.ingestor = ingestor;
    }

    @Override
    public String kind() {
        return MailKind.NAME;
    }

    @Override
    public String source() {
        return MailIngestor.QUARANTINE_SOURCE;
    }

    /** A correction is the raw mail as text, not JSON. */
    @Override
    public boolean readsText() {
        return true;
    }

    @Override
    public List<InboundMessage> replay(String channelId, String payload) {
        var channel = channels.find(channelId)
                .orElseThrow(() -> new IllegalStateException("channel '" + channelId + "' is no longer configured"));
        try {
            return ingestor.replay(channel, payload);
        } catch (UnreadableMailException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
