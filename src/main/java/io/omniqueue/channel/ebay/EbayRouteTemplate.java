package io.omniqueue.channel.ebay;

import io.omniqueue.channel.CronPollRouteTemplate;
import org.springframework.stereotype.Component;

/** {@code poll-<channelId>} from the {@code ebay-poll} template, on the channel's Quartz cron. */
@Component
class EbayRouteTemplate extends CronPollRouteTemplate {

    EbayRouteTemplate() {
        super(EbayKind.NAME, "ebay-poll");
    }
}
