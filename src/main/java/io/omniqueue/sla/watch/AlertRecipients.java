package io.omniqueue.sla.watch;

import io.omniqueue.channel.ChannelRegistry;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** A channel's alert recipients: its own list, else the default; a breach also goes to escalation. */
@Component
class AlertRecipients {

    private final ChannelRegistry channels;
    private final AlertSettings settings;

    AlertRecipients(ChannelRegistry channels, AlertSettings settings) {
        this.channels = channels;
        this.settings = settings;
    }

    List<String> of(String channelId, boolean breach) {
        TreeSet<String> to = new TreeSet<>(channels.find(channelId)
                .map(c -> c.settings().alerts())
                .filter(a -> a.recipients() != null && !a.recipients().isEmpty())
                .map(a -> a.recipients())
                .orElse(settings.recipients()));
        if (breach) {
            to.addAll(settings.escalation());
        }
        return List.copyOf(to);
    }
}
