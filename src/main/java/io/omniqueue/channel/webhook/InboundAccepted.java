package io.omniqueue.channel.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Answer of the inbound webhook; {@code quarantineId} only when the message was put aside. */
public record InboundAccepted(Long conversationId, boolean duplicate,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long quarantineId) {
}
