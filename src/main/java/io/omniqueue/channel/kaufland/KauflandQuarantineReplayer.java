package io.omniqueue.channel.kaufland;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.quarantine.JsonPayloadReplayer;
import org.springframework.stereotype.Component;

/** Reads a quarantined Kaufland ticket again (as stored, or as corrected by an operator). */
@Component
class KauflandQuarantineReplayer extends JsonPayloadReplayer {

    KauflandQuarantineReplayer(ChannelRegistry channels, KauflandTicketMapper mapper, ObjectMapper json) {
        super(KauflandKind.NAME, KauflandPoller.QUARANTINE_SOURCE, channels, json, mapper::map);
    }
}
