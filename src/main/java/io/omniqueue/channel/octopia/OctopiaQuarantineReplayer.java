package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.quarantine.JsonPayloadReplayer;
import org.springframework.stereotype.Component;

/** Reads a quarantined Octopia discussion again (as stored, or as corrected by an operator). */
@Component
class OctopiaQuarantineReplayer extends JsonPayloadReplayer {

    OctopiaQuarantineReplayer(ChannelRegistry channels, OctopiaDiscussionMapper mapper, ObjectMapper json) {
        super(OctopiaKind.NAME, OctopiaPoller.QUARANTINE_SOURCE, channels, json, mapper::map);
    }
}
