package io.omniqueue.channel.mirakl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.quarantine.JsonPayloadReplayer;
import org.springframework.stereotype.Component;

/** Reads a quarantined Mirakl thread again (as stored, or as corrected by an operator). */
@Component
class MiraklQuarantineReplayer extends JsonPayloadReplayer {

    MiraklQuarantineReplayer(ChannelRegistry channels, MiraklThreadMapper mapper, ObjectMapper json) {
        super(MiraklKind.NAME, MiraklPoller.QUARANTINE_SOURCE, channels, json, mapper::map);
    }
}
