package io.omniqueue.channel;

import java.net.URI;

/**
 * One configured channel (an entry of {@code omniqueue.channels}). Kind-specific settings sit
 * beside the common ones and are null for the kinds that don't use them.
 *
 * @param id stable identifier, used in route ids and the database
 * @param kind the connector that serves it ({@code webhook}, later {@code mirakl}, {@code mail}...)
 * @param sla the response-deadline policy; absent means 24 h wall-clock
 * @param callbackUrl webhook: where replies are POSTed
 * @param maxReplyLength webhook: longest reply body the receiver takes, in characters
 */
public record ChannelSettings(String id, String kind, SlaSettings sla, URI callbackUrl, Integer maxReplyLength) {
}
