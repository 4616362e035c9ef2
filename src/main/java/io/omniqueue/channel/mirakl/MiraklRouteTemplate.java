package io.omniqueue.channel.mirakl;

import io.omniqueue.channel.CronPollRouteTemplate;
import org.springframework.stereotype.Component;

/** {@code poll-<channelId>} from the {@code mirakl-poll} template, on the channel's Quartz cron. */
@Component
class MiraklRouteTemplate extends CronPollRouteTemplate {

    MiraklRouteTemplate() {
        super(MiraklKind.NAME, "mirakl-poll");
    }
}
