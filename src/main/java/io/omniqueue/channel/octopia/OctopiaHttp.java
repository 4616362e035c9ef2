package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * One HTTP exchange with Octopia (API or token endpoint) through Camel's HTTP component, whose own
 * retries stay off: a failure becomes a {@link SourceException} for the poll run or the outbox to
 * schedule, never a wait on this thread.
 */
@Component
class OctopiaHttp {

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;

    OctopiaHttp(ProducerTemplate producer, ObjectMapper json, Clock clock) {
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    /** The answer, whatever its status; a transport failure (timeout, refused) throws {@link SourceException.Unavailable}. */
    Answer send(String method, String url, Map<String, String> query, Map<String, String> headers, String body,
                String contentType) {
        String what = method + " " + pathOf(url);
        Exchange result = producer.send("http://octopia-api?throwExceptionOnFailure=false", exchange -> {
            var m = exchange.getMessage();
            m.setHeader(Exchange.HTTP_URI, url);
            m.setHeader(Exchange.HTTP_QUERY, query.entrySet().stream()
                    .map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
            // The enum, not its name: Camel converts a String method on every call through a slow lookup.
            m.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
            m.setHeader("Accept", "application/json");
            headers.forEach(m::setHeader);
            if (body != null) {
                m.setHeader(Exchange.CONTENT_TYPE, contentType);
                m.setBody(body.getBytes(StandardCharsets.UTF_8));
            }
        });
        if (result.getException() != null) {
            throw new SourceException.Unavailable(what + " failed: " + result.getException(), result.getException());
        }
        var m = result.getMessage();
        return new Answer(what, m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), m.getBody(String.class),
                m.getHeader("Retry-After", String.class), m.getHeader("Link", String.class));
    }

    /** The failure a non-2xx answer means, with Octopia's {@code detail} (or Keycloak's {@code error_description}). */
    SourceException failure(Answer answer, String hint) {
        String detail = answer.what() + " answered " + answer.status() + errorMessage(answer.body())
                + (HttpStatusClass.of(answer.status()) == HttpStatusClass.UNAUTHORIZED ? hint : "");
        return SourceException.fromHttp(answer.status(), detail, answer.retryAfter(), clock.instant());
    }

    JsonNode readJson(Answer answer) {
        try {
            return json.readTree(answer.body() == null || answer.body().isBlank() ? "{}" : answer.body());
        } catch (JsonProcessingException e) {
            throw new SourceException.Unavailable(answer.what() + " answered something that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            for (String field : new String[] {"detail", "error_description", "title", "error", "message"}) {
                if (node.hasNonNull(field)) {
                    return ": " + node.get(field).asText();
                }
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

    private static String pathOf(String url) {
        String noScheme = url.replaceFirst("^[a-z]+://[^/]+", "");
        return noScheme.isEmpty() ? "/" : noScheme;
    }

    /** A status, a body and the headers that matter. */
    record Answer(String what, int status, String body, String retryAfter, String link) {

        boolean ok() {
            return HttpStatusClass.of(status) == HttpStatusClass.SUCCESS;
        }
    }
}
