package io.omniqueue.channel.mirakl;

import java.net.URI;
import java.time.Duration;

/**
 * A Mirakl marketplace account's own keys.
 *
 * @param baseUrl the operator's API root, e.g. https://carrefour-prod.mirakl.net
 * @param apiKey the shop's API key (from an environment variable, never written in the file)
 * @param shopId the shop, when one key reaches several
 * @param pageSize threads per page, 10 to 100 (default 100)
 * @param operatorMessagesNeedReply whether a marketplace operator's message starts the clock
 * @param replyToOperator whether replies also go to the operator, not only the customer
 * @param pollOverlap how far before the last seen update a poll starts again (clock skew, late writes)
 */
public record MiraklSettings(URI baseUrl, String apiKey, Long shopId, Integer pageSize, Boolean operatorMessagesNeedReply,
                             Boolean replyToOperator, Duration pollOverlap) {

    int pageSizeOrDefault() {
        return pageSize == null ? 100 : pageSize;
    }

    Duration pollOverlapOrDefault() {
        return pollOverlap == null ? Duration.ofMinutes(5) : pollOverlap;
    }
}
