package io.omniqueue.reply;

import java.time.Instant;

/**
 * A reply this node has claimed and now tries to deliver; {@code attempt} counts this try and
 * {@code claimToken} identifies this claim (the lease is renewed only while it is still ours);
 * {@code close} marks a close of the source's thread rather than a reply (no body, no message);
 * {@code claimedAt} is when the claim was made (its lease runs from then); {@code hasFiles} says
 * whether files are attached (read only then, at the send).
 */
public record ClaimedReply(long id, long conversationId, String channelId, String externalThreadId, String body,
                           int attempt, Instant acceptedAt, String sendMarker, String claimToken,
                           boolean close, Instant claimedAt, boolean hasFiles) {
}
