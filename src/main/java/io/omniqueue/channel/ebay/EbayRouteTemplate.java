package io.omniqueue.channel.ebay;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRouteTemplate;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code poll-<channelId>} from the {@code ebay-poll} template, on the channel's Quartz cron. */
@Component
class EbayRouteTemplate implements ChannelRouteTemplate {

    @Override
    public String kind() {
        return EbayKind.NAME;
    }

    @Override
    public String templateId() {
        return "ebay-poll";
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
