package io.omniqueue.channel.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.channel.ReplySender;
import io.omniqueue.channel.HttpStatusClass;
import io.omniqueue.channel.RetryAfter;
import io.omniqueue.channel.SendOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * Delivers a reply to a web form or chat widget by POSTing {@code {"threadId","replyId","body"}}
 * to the channel's {@code callback-url} through Camel's HTTP component. The same reply id comes
 * with every attempt (body and {@code Idempotency-Key} header), so a receiver can drop the copy
 * that a timed-out attempt may already have delivered.
 */
@Component
class WebhookReplySender implements ReplySender {

    
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;

    WebhookReplySender(ProducerTemplate producer, ObjectMapper json, Clock clock) {
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return WebhookKind.NAME;
    }

    @Override
    public java.util.OptionalInt maxBodyLength(Channel channel) {
        return java.util.OptionalInt.of(channel.settings(WebhookSettings.class).maxReplyLengthOrDefault());
    }

    @Override
    public List<String> validate(Channel channel, ReplyDraft draft) {
        List<String> problems = new ArrayList<>();
        String body = draft.body();
        if (!draft.files().isEmpty()) {
            problems.add("webhook channels take no attachments");
        }
        WebhookSettings settings = channel.settings(WebhookSettings.class);
        int max = settings.maxReplyLengthOrDefault();
        if (body == null || body.isBlank()) {
            problems.add("body is empty");
        } else if (body.length() > max) {
            problems.add("body has " + body.length() + " characters; channel '" + channel.id() + "' takes at most " + max);
        }
        if (settings.callbackUrl() == null) {
            problems.add("channel '" + channel.id() + "' has no callback-url to deliver replies to");
        }
        return problems;
    }

    @Override
    public SendOutcome send(Channel channel, OutgoingReply reply) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("threadId", reply.externalThreadId());
        payload.put("replyId", String.valueOf(reply.replyId()));
        payload.put("body", reply.body());
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return new SendOutcome.Rejected("reply cannot be written as JSON: " + e.getOriginalMessage());
        }
        // The endpoint is fixed; the per-channel URL travels in CamelHttpUri so that a callback
        // URL's own query string is never read as Camel options.
        Exchange result = producer.send("http://webhook-callback?throwExceptionOnFailure=false", exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_URI, channel.settings(WebhookSettings.class).callbackUrl().toString());
            // The enum, not its name: Camel converts a String method on every call through a slow lookup.
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("Idempotency-Key", "omniqueue-reply-" + reply.replyId());
            exchange.getMessage().setBody(body);
        });
        if (result.getException() != null) {
            return new SendOutcome.RetryLater("callback unreachable: " + result.getException(), null);
        }
        int code = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String answer = result.getMessage().getBody(String.class);
        HttpStatusClass status = HttpStatusClass.of(code);
        if (status == HttpStatusClass.SUCCESS) {
            return new SendOutcome.Sent(externalId(answer));
        }
        String reason = "callback answered " + code + snippet(answer);
        if (status.transientFailure()) {
            return new SendOutcome.RetryLater(reason,
                    RetryAfter.parse(result.getMessage().getHeader("Retry-After", String.class), clock.instant()));
        }
        return new SendOutcome.Rejected(reason);
    }

    /** The receiver may say how it calls the message ({"messageId": ...} or {"id": ...}). */
    private String externalId(String answer) {
        if (answer == null || answer.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(answer);
            JsonNode id = node.hasNonNull("messageId") ? node.get("messageId") : node.get("id");
            return id == null || id.isNull() ? null : id.asText();
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static String snippet(String answer) {
        if (answer == null || answer.isBlank()) {
            return "";
        }
        String oneLine = answer.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine);
    }
}
