package io.omniqueue.channel.webhook;

import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.conversation.SentAtLimits;
import jakarta.validation.Valid;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Web forms and chat widgets post their customers' messages here; they enter through {@code direct:ingest}. */
@RestController
class WebhookInboundController {

    private final ChannelRegistry channels;
    private final ProducerTemplate producer;
    private final SentAtLimits sentAtLimits;

    WebhookInboundController(ChannelRegistry channels, ProducerTemplate producer, SentAtLimits sentAtLimits) {
        this.channels = channels;
        this.producer = producer;
        this.sentAtLimits = sentAtLimits;
    }

    @PostMapping("/api/inbound/{channelId}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    InboundAccepted receive(@PathVariable String channelId, @Valid @RequestBody WebhookMessage message) {
        channels.find(channelId)
                .filter(channel -> WebhookKind.NAME.equals(channel.kind()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no webhook channel '" + channelId + "' is configured"));
        // Refused here rather than clamped by the ingest: the caller can still send the right time.
        sentAtLimits.problem(message.sentAt().toInstant()).ifPresent(problem -> {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "sentAt " + problem);
        });
        InboundMessage inbound = InboundMessage.fromCustomer(channelId, message.threadId(), message.messageId(),
                message.customer().name(), message.customer().email(), message.subject(), message.body(),
                message.sentAt().toInstant(), message.orderId());
        IngestResult result = producer.requestBody("direct:ingest", inbound, IngestResult.class);
        return new InboundAccepted(result.conversationId(), result.duplicate(), result.quarantineId());
    }
}
