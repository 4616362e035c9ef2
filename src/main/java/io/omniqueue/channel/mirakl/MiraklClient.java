package io.omniqueue.channel.mirakl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.HttpStatusClass;
import io.omniqueue.channel.SourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.springframework.stereotype.Component;

/**
 * Mirakl's seller messaging API (M10-M13) through Camel's HTTP component, each call inside the
 * channel's circuit breaker. The key goes raw in {@code Authorization}, without "Bearer", as
 * Mirakl's spec and its PHP SDK do.
 */
@Component
class MiraklClient {

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final ChannelBreakers breakers;
    private final Clock clock;

    MiraklClient(ProducerTemplate producer, ObjectMapper json, ChannelBreakers breakers, Clock clock) {
        this.producer = producer;
        this.json = json;
        this.breakers = breakers;
        this.clock = clock;
    }

    /** M11, first page of a run: threads updated at or after {@code updatedSince}, with their last messages. */
    JsonNode listThreads(Channel channel, Instant updatedSince, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        if (updatedSince != null) {
            query.put("updated_since", updatedSince.toString());
        }
        query.put("with_messages", "true");
        query.put("limit", String.valueOf(limit));
        return readJson(call(channel, "GET", "/api/inbox/threads", query, null, null));
    }

    /** M11, a following page: the token carries the filter. */
    JsonNode nextThreads(Channel channel, String pageToken, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page_token", pageToken);
        query.put("limit", String.valueOf(limit));
        return readJson(call(channel, "GET", "/api/inbox/threads", query, null, null));
    }

    /** M10: one thread with all its messages. */
    JsonNode thread(Channel channel, String threadId) {
        return readJson(call(channel, "GET", "/api/inbox/threads/" + encode(threadId), new LinkedHashMap<>(), null, null));
    }

    /** M12: a reply, multipart with the {@code message_input} JSON part and one {@code files} part per file. */
    JsonNode reply(Channel channel, String threadId, String messageInput, List<MiraklFile> files) {
        MultipartEntityBuilder multipart = MultipartEntityBuilder.create().setMode(HttpMultipartMode.STRICT)
                .addTextBody("message_input", messageInput, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8));
        for (MiraklFile file : files) {
            multipart.addBinaryBody("files", file.content(), ContentType.parseLenient(file.contentType()), file.name());
        }
        HttpEntity entity = multipart.build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            entity.writeTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return readJson(call(channel, "POST", "/api/inbox/threads/" + encode(threadId) + "/message", new LinkedHashMap<>(),
                body.toByteArray(), entity.getContentType()));
    }

    /** M13: one attachment's bytes. */
    MiraklFile download(Channel channel, String attachmentId, String name) {
        Exchange result = call(channel, "GET", "/api/inbox/threads/" + encode(attachmentId) + "/download",
                new LinkedHashMap<>(), null, null);
        String type = result.getMessage().getHeader(Exchange.CONTENT_TYPE, "application/octet-stream", String.class);
        return new MiraklFile(name, type, result.getMessage().getBody(byte[].class));
    }

    private Exchange call(Channel channel, String method, String path, Map<String, String> query, byte[] body,
                          String contentType) {
        MiraklSettings settings = channel.settings(MiraklSettings.class);
        if (settings.shopId() != null) {
            query.put("shop_id", String.valueOf(settings.shopId()));
        }
        String url = settings.baseUrl().toString().replaceAll("/+$", "") + path;
        try {
            return breakers.of(channel.id()).executeSupplier(() -> checked(channel, method, path, producer.send(
                    "http://mirakl-api?throwExceptionOnFailure=false", exchange -> {
                        var m = exchange.getMessage();
                        m.setHeader(Exchange.HTTP_URI, url);
                        m.setHeader(Exchange.HTTP_QUERY, query.entrySet().stream()
                                .map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
                        // The enum, not its name: Camel converts a String method on every call through a slow lookup.
                        m.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
                        m.setHeader("Authorization", settings.apiKey());
                        m.setHeader("Accept", "application/json");
                        if (body != null) {
                            m.setHeader(Exchange.CONTENT_TYPE, contentType);
                            m.setBody(body);
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
        String detail = what + " answered " + status + errorMessage(result.getMessage().getBody(String.class));
        if (HttpStatusClass.of(status) == HttpStatusClass.UNAUTHORIZED) {
            detail += " (check the API key of channel '" + channel.id() + "')";
        }
        throw SourceException.fromHttp(status, detail, result.getMessage().getHeader("Retry-After", String.class),
                clock.instant());
    }

    /** Mirakl's error bodies are {"status":..,"message":".."}; keep the message, not the whole body. */
    private String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            if (node.hasNonNull("message")) {
                return ": " + node.get("message").asText();
            }
        } catch (JsonProcessingException notJson) {
            // fall through to the raw text
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private JsonNode readJson(Exchange result) {
        String body = result.getMessage().getBody(String.class);
        try {
            return json.readTree(body == null ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new SourceException.Unavailable("Mirakl answered something that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
