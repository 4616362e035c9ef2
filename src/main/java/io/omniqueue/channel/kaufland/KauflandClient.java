package io.omniqueue.channel.kaufland;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * Kaufland's Seller API v2 tickets endpoints through Camel's HTTP component, each call signed
 * and inside the channel's circuit breaker.
 */
@Component
class KauflandClient {

    static final String TICKET_EMBEDDED = "messages,buyer,order_units";
    // Kaufland compares Shop-Timestamp with its own clock (±5 min): the real time, never a clock tests move.
    private static final Clock SIGNING_CLOCK = Clock.systemUTC();

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final ChannelBreakers breakers;
    private final Clock clock;

    KauflandClient(ProducerTemplate producer, ObjectMapper json, ChannelBreakers breakers, Clock clock) {
        this.producer = producer;
        this.json = json;
        this.breakers = breakers;
        this.clock = clock;
    }

    /** Tickets of the channel's storefront updated at or after {@code updatedFrom}, newest first. */
    JsonNode listTickets(Channel channel, Instant updatedFrom, int limit, int offset) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("storefront", channel.settings(KauflandSettings.class).storefront());
        if (updatedFrom != null) {
            query.put("ts_updated_from_iso", updatedFrom.toString());
        }
        query.put("sort", "ts_updated_iso:desc");
        query.put("limit", String.valueOf(limit));
        query.put("offset", String.valueOf(offset));
        return readJson(call(channel, "GET", "/tickets", query, null));
    }

    /** One ticket with its messages, buyer and order units. */
    JsonNode ticket(Channel channel, String ticketId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("embedded", TICKET_EMBEDDED);
        return readJson(call(channel, "GET", "/tickets/" + encode(ticketId), query, null)).path("data");
    }

    /** A seller message; Kaufland answers 201 without a body (no id). */
    void reply(Channel channel, String ticketId, String jsonBody) {
        call(channel, "POST", "/tickets/" + encode(ticketId) + "/messages", new LinkedHashMap<>(), jsonBody);
    }

    /** Closes the ticket on the seller's side (204). */
    void close(Channel channel, String ticketId) {
        call(channel, "PATCH", "/tickets/" + encode(ticketId) + "/close", new LinkedHashMap<>(), null);
    }

    private Exchange call(Channel channel, String method, String path, Map<String, String> query, String body) {
        KauflandSettings settings = channel.settings(KauflandSettings.class);
        String url = settings.baseUrlOrDefault().toString().replaceAll("/+$", "") + path;
        String queryString = query.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        // The signature covers the URI exactly as sent: the same string goes on the wire.
        String fullUri = queryString.isEmpty() ? url : url + "?" + queryString;
        long timestamp = SIGNING_CLOCK.instant().getEpochSecond();
        String signature = KauflandSigner.sign(settings.secretKey(), method, fullUri, body, timestamp);
        try {
            return breakers.of(channel.id()).executeSupplier(() -> checked(channel, method, path, producer.send(
                    "http://kaufland-api?throwExceptionOnFailure=false", exchange -> {
                        var m = exchange.getMessage();
                        m.setHeader(Exchange.HTTP_URI, url);
                        if (!queryString.isEmpty()) {
                            m.setHeader(Exchange.HTTP_QUERY, queryString);
                        }
                        // The enum, not its name: Camel converts a String method on every call through a slow lookup.
                        m.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
                        m.setHeader("Accept", "application/json");
                        m.setHeader("Shop-Client-Key", settings.clientKey());
                        m.setHeader("Shop-Timestamp", String.valueOf(timestamp));
                        m.setHeader("Shop-Signature", signature);
                        m.setHeader("User-Agent", settings.userAgentOrDefault());
                        if (body != null) {
                            m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
                            m.setBody(body.getBytes(StandardCharsets.UTF_8));
                        }
                    })));
        } catch (CallNotPermittedException open) {
            throw new SourceException.Unavailable("circuit breaker of channel '" + channel.id() + "' is open", open);
        }
    }

    private Exchange checked(Channel channel, String method, String path, Exchange result) {
        String what = method + " " + path;
        if (result.getException() != null) {
            throw new SourceException.Unavailable(what + " failed: " + result.getException(), result.getException());
        }
        int status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (HttpStatusClass.of(status) == HttpStatusClass.SUCCESS) {
            return result;
        }
        KauflandProblem problem = KauflandProblem.parse(json, result.getMessage().getBody(String.class));
        String detail = what + " answered " + status + problem.describe();
        if (HttpStatusClass.of(status) == HttpStatusClass.UNAUTHORIZED) {
            detail += " (check the client key and secret key of channel '" + channel.id() + "')";
        }
        // Kaufland sends no Retry-After with its 429 (documented); PollRun's backoff applies then.
        throw SourceException.fromHttp(status, detail, result.getMessage().getHeader("Retry-After", String.class),
                clock.instant());
    }

    private JsonNode readJson(Exchange result) {
        String body = result.getMessage().getBody(String.class);
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new SourceException.Unavailable("Kaufland answered something that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
