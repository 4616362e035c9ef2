package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.quarantine.JsonPayloadReplayer;
import org.springframework.stereotype.Component;

/** Reads a quarantined eBay conversation again (as stored, or as corrected by an operator). */
@Component
class EbayQuarantineReplayer extends JsonPayloadReplayer {

    EbayQuarantineReplayer(ChannelRegistry channels, EbayConversationMapper mapper, ObjectMapper json) {
        super(EbayKind.NAME, EbayPoller.QUARANTINE_SOURCE, channels, json, mapper::map);
    }
}
