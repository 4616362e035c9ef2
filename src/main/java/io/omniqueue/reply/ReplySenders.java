package io.omniqueue.reply;

import io.omniqueue.channel.ReplySender;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The connectors' senders by channel kind. */
@Component
class ReplySenders {

    private final Map<String, ReplySender> byKind;

    ReplySenders(List<ReplySender> senders) {
        this.byKind = senders.stream().collect(Collectors.toMap(ReplySender::kind, Function.identity()));
    }

    ReplySender forKind(String kind) {
        ReplySender sender = byKind.get(kind);
        if (sender == null) {
            throw new IllegalStateException("no reply sender for channel kind '" + kind + "'");
        }
        return sender;
    }
}
