package io.omniqueue.channel;

import java.util.Map;

/**
 * The route template of a connector that polls on its channel's Quartz cron: per channel the route
 * {@code poll-<channelId>} from the connector's template, with the channel id and the cron as
 * parameters. The connector's bean names its kind and template.
 */
public abstract class CronPollRouteTemplate implements ChannelRouteTemplate {

    private final String kind;
    private final String templateId;

    protected CronPollRouteTemplate(String kind, String templateId) {
        this.kind = kind;
        this.templateId = templateId;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String templateId() {
        return templateId;
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
