package io.omniqueue.channel.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/** The body of {@code POST /api/inbound/{channelId}}: one message from a web form or chat widget. */
public record WebhookMessage(
        @NotBlank @Size(max = 500) String threadId,
        @NotBlank @Size(max = 500) String messageId,
        @NotNull @Valid Customer customer,
        @Size(max = 1000) String subject,
        @NotBlank @Size(max = 100_000) String body,
        @NotNull OffsetDateTime sentAt,
        @Size(max = 100) String orderId) {

    public record Customer(@NotBlank @Size(max = 300) String name, @Email @Size(max = 320) String email) {
    }
}
