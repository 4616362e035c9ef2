package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.HttpStatusClass;
import io.omniqueue.channel.SourceException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Octopia's Seller API v2 discussions: every call with a bearer token and the {@code SellerId}
 * header, inside the channel's circuit breaker. A 401 drops the token, fetches a new one and
 * retries the call once; a second 401 is the credentials' fault.
 */
@Component
class OctopiaClient {

    private final OctopiaHttp http;
    private final OctopiaTokens tokens;
    private final ChannelBreakers breakers;

    OctopiaClient(OctopiaHttp http, OctopiaTokens tokens, ChannelBreakers breakers) {
        this.http = http;
        this.tokens = tokens;
        this.breakers = breakers;
    }

    /** A page of discussions; the query is the page's ({@link OctopiaPage}). */
    Page discussions(Channel channel, Map<String, String> query) {
        OctopiaHttp.Answer answer = call(channel, "GET", "/discussions", query, null, null);
        return new Page(http.readJson(answer), answer.link());
    }

    /** One discussion with all its messages and its eligible receivers. */
    JsonNode discussion(Channel channel, String discussionId) {
        return http.readJson(call(channel, "GET", "/discussions/" + OctopiaHttp.encode(discussionId), new LinkedHashMap<>(),
                null, null));
    }

    /** {@code POST /messages}: the new message's id. */
    JsonNode postMessage(Channel channel, String body) {
        return http.readJson(call(channel, "POST", "/messages", new LinkedHashMap<>(), body, "application/json"));
    }

    /** {@code PATCH /discussions/{id}} with a JSON Patch document. */
    void patchDiscussion(Channel channel, String discussionId, String patch, String contentType) {
        call(channel, "PATCH", "/discussions/" + OctopiaHttp.encode(discussionId), new LinkedHashMap<>(), patch, contentType);
    }

    private OctopiaHttp.Answer call(Channel channel, String method, String path, Map<String, String> query, String body,
                                    String contentType) {
        OctopiaSettings settings = channel.settings(OctopiaSettings.class);
        String url = settings.baseUrlOrDefault().toString().replaceAll("/+$", "") + path;
        try {
            return breakers.of(channel.id()).executeSupplier(() -> {
                String token = tokens.token(channel);
                OctopiaHttp.Answer answer = http.send(method, url, query, headers(settings, token), body, contentType);
                if (answer.status() == 401) {
                    // Expired or revoked before the time it was given for: one new token, one more try.
                    tokens.invalidate(channel, token);
                    answer = http.send(method, url, query, headers(settings, tokens.token(channel)), body, contentType);
                }
                if (!answer.ok()) {
                    throw http.failure(answer, HttpStatusClass.of(answer.status()) == HttpStatusClass.UNAUTHORIZED
                            ? " (check client-id, client-secret and seller-id of channel '" + channel.id() + "')" : "");
                }
                return answer;
            });
        } catch (CallNotPermittedException open) {
            throw new SourceException.Unavailable("circuit breaker of channel '" + channel.id() + "' is open", open);
        }
    }

    private static Map<String, String> headers(OctopiaSettings settings, String token) {
        return Map.of("Authorization", "Bearer " + token, "SellerId", settings.sellerId());
    }

    /** A page's JSON and its {@code Link} header, if any. */
    record Page(JsonNode json, String link) {
    }
}
