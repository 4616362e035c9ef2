package io.omniqueue.channel;

import java.time.Instant;

/**
 * Where a channel's poller resumes.
 *
 * @param position the source's own watermark of the last complete run (e.g. Mirakl's date_updated)
 * @param pageToken the next page of a run still in progress, or null
 * @param runWatermark the newest update seen by the run in progress
 * @param nextPollAt no call before this instant (a Retry-After, a backoff), or null
 * @param failingSince the first of the failed polls since the last good one, or null
 */
public record ChannelCursor(String channelId, String position, String pageToken, Instant runWatermark,
                            Instant nextPollAt, ChannelState state, Instant lastSuccessAt, String lastError,
                            Instant lastErrorAt, int consecutiveFailures, Instant failingSince) {

    public static ChannelCursor fresh(String channelId) {
        return new ChannelCursor(channelId, null, null, null, null, ChannelState.ACTIVE, null, null, null, 0, null);
    }
}
