package io.omniqueue.channel.kaufland;

import io.omniqueue.channel.CronPollRouteTemplate;
import org.springframework.stereotype.Component;

/** {@code poll-<channelId>} from the {@code kaufland-poll} template, on the channel's Quartz cron. */
@Component
class KauflandRouteTemplate extends CronPollRouteTemplate {

    KauflandRouteTemplate() {
        super(KauflandKind.NAME, "kaufland-poll");
    }
}
