package io.omniqueue.channel.octopia;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRouteTemplate;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code poll-<channelId>} from the {@code octopia-poll} template, on the channel's Quartz cron. */
@Component
class OctopiaRouteTemplate implements ChannelRouteTemplate {

    @Override
    public String kind() {
        return OctopiaKind.NAME;
    }

    @Override
    public String templateId() {
        return "octopia-poll";
    }

    @Override
    public String routeId(Channel channel) {
        return "poll-" + channel.id();
    }

    @Override
    public Map<String, Object> parameters(Channel channel) {
        // '+' is a space in a Quartz endpoint's cron option.
        return Map.of("channelId", channel.id(), "cron", channel.settings().scheduleOrDefault().replace(' ', '+'));
    }
}
