package io.omniqueue.quarantine;

import io.omniqueue.channel.ChannelKind;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.ConnectorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The connectors' replayers, held to what each connector declared: a kind that declares a
 * QUARANTINE_REPLAYER has one, and no replayer serves a kind nobody declared. A connector may
 * quarantine several sorts of payload, each with its replayer.
 */
@Component
class QuarantineReplayers {

    private final List<QuarantineReplayer> replayers;

    QuarantineReplayers(List<QuarantineReplayer> replayers, ChannelRegistry channels) {
        this.replayers = List.copyOf(replayers);
        List<String> problems = new ArrayList<>();
        for (QuarantineReplayer replayer : replayers) {
            ChannelKind<?> kind = channels.kinds().get(replayer.kind());
            if (kind == null || !kind.parts().contains(ConnectorPart.QUARANTINE_REPLAYER)) {
                problems.add("the replayer of '" + replayer.source() + "' serves the kind '" + replayer.kind()
                        + "', which declares no QUARANTINE_REPLAYER");
            }
        }
        for (ChannelKind<?> kind : channels.kinds().values()) {
            if (kind.parts().contains(ConnectorPart.QUARANTINE_REPLAYER)
                    && replayers.stream().noneMatch(r -> r.kind().equals(kind.name()))) {
                problems.add("kind '" + kind.name() + "' declares a QUARANTINE_REPLAYER but has none");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("connectors: " + String.join("; ", problems));
        }
    }

    /** The replayer of entries of this source, if a connector reads them. */
    Optional<QuarantineReplayer> of(String source) {
        return replayers.stream().filter(r -> r.source().equals(source)).findFirst();
    }
}
