package io.omniqueue.channel.webhook;

import java.net.URI;

/**
 * A web form or chat widget channel's own keys.
 *
 * @param callbackUrl where replies are POSTed
 * @param maxReplyLength longest reply body the receiver takes, in characters (default 5,000)
 */
public record WebhookSettings(URI callbackUrl, Integer maxReplyLength) {

    static final int DEFAULT_MAX_REPLY_LENGTH = 5_000;

    int maxReplyLengthOrDefault() {
        return maxReplyLength == null ? DEFAULT_MAX_REPLY_LENGTH : maxReplyLength;
    }
}
