package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.HttpStatusClass;
import io.omniqueue.channel.SourceException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * One HTTP call to eBay through Camel's HTTP component (its own retries off: a 429 is never
 * waited out on a thread), inside the channel's circuit breaker, after taking one call of the
 * channel's daily budget. 5xx and transport failures count against the breaker; every other
 * answer is handed back for the caller to read.
 */
@Component
class EbayHttp {

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final ChannelBreakers breakers;
    private final EbayCallBudget budget;
    private final Clock clock;

    EbayHttp(ProducerTemplate producer, ObjectMapper json, ChannelBreakers breakers, EbayCallBudget budget, Clock clock) {
        this.producer = producer;
        this.json = json;
        this.breakers = breakers;
        this.budget = budget;
        this.clock = clock;
    }

    /** An answer of eBay: its status, body and Retry-After header. */
    record Answer(String what, int status, String body, String retryAfter) {

        boolean ok() {
            return HttpStatusClass.of(status) == HttpStatusClass.SUCCESS;
        }
    }

    Answer call(Channel channel, String method, String url, Map<String, String> query, Map<String, String> headers,
                String body) {
        budget.take(channel);
        String what = method + " " + url.replaceFirst("^https?://[^/]+", "");
        try {
            return breakers.of(channel.id()).executeSupplier(() -> {
                Exchange result = producer.send("http://ebay-api?throwExceptionOnFailure=false", exchange -> {
                    var m = exchange.getMessage();
                    m.setHeader(Exchange.HTTP_URI, url);
                    m.setHeader(Exchange.HTTP_QUERY, query.entrySet().stream()
                            .map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
                    // The enum, not its name: Camel converts a String method on every call through a slow lookup.
                    m.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
                    m.setHeader("Accept", "application/json");
                    headers.forEach(m::setHeader);
                    if (body != null) {
                        m.setBody(body);
                    }
                });
                if (result.getException() != null) {
                    throw new SourceException.Unavailable(what + " failed: " + result.getException(), result.getException());
                }
                int status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
                Answer answer = new Answer(what, status, result.getMessage().getBody(String.class),
                        result.getMessage().getHeader("Retry-After", String.class));
                if (HttpStatusClass.of(status) == HttpStatusClass.UNAVAILABLE) {
                    throw failure(answer, "");
                }
                return answer;
            });
        } catch (CallNotPermittedException open) {
            throw new SourceException.Unavailable("circuit breaker of channel '" + channel.id() + "' is open", open);
        }
    }

    /** The failure an answer means, its detail naming eBay's errorId and message. */
    SourceException failure(Answer answer, String hint) {
        return SourceException.fromHttp(answer.status(), answer.what() + " answered " + answer.status()
                + errorMessage(answer.body()) + hint, answer.retryAfter(), clock.instant());
    }

    JsonNode readJson(Answer answer) {
        try {
            return json.readTree(answer.body() == null || answer.body().isBlank() ? "{}" : answer.body());
        } catch (JsonProcessingException e) {
            throw new SourceException.Unavailable(answer.what() + " answered something that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * eBay's REST errors are {"errors":[{"errorId":..,"message":..}]}; its OAuth errors
     * {"error":..,"error_description":..}. Keep those, not the whole body.
     */
    String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            JsonNode first = node.path("errors").path(0);
            if (first.has("errorId")) {
                return ": errorId " + first.get("errorId").asText() + " " + first.path("message").asText("");
            }
            if (node.hasNonNull("error")) {
                return ": " + node.get("error").asText() + " " + node.path("error_description").asText("");
            }
        } catch (JsonProcessingException notJson) {
            // fall through to the raw text
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
