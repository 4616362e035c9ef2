package io.omniqueue.channel.octopia;

import io.omniqueue.channel.CronPollRouteTemplate;
import org.springframework.stereotype.Component;

/** {@code poll-<channelId>} from the {@code octopia-poll} template, on the channel's Quartz cron. */
@Component
class OctopiaRouteTemplate extends CronPollRouteTemplate {

    OctopiaRouteTemplate() {
        super(OctopiaKind.NAME, "octopia-poll");
    }
}
