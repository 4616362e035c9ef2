package io.omniqueue.channel;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code omniqueue.channels} list, usually from {@code config/channels.yaml}. */
@ConfigurationProperties("omniqueue")
public record ChannelsSettings(List<ChannelSettings> channels) {

    public ChannelsSettings {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}
