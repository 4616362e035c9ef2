package io.omniqueue.channel.webhook;

import io.omniqueue.platform.PlainText;
import io.omniqueue.platform.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.OffsetDateTime;

/**
 * The body of {@code POST /api/inbound/{channelId}}: one message from a web form or chat widget.
 * The lengths are the columns' (V1__core.sql); {@code sentAt} is also checked against
 * {@link io.omniqueue.conversation.SentAtLimits}.
 */
public record WebhookMessage(
        @NotBlank @SingleLine(max = 500) String threadId,
        @NotBlank @SingleLine(max = 500) String messageId,
        @NotNull @Valid Customer customer,
        @SingleLine(max = 1000) String subject,
        @NotBlank @PlainText(max = 100_000) String body,
        @NotNull OffsetDateTime sentAt,
        @SingleLine(max = 100) String orderId) {

    public record Customer(@NotBlank @SingleLine(max = 300) String name,
                           @Email @SingleLine(max = 320) String email) {
    }
}
