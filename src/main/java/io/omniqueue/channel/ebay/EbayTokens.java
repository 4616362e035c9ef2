package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.HttpStatusClass;
import io.omniqueue.channel.SourceException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The user access token of each eBay channel, from the refresh-token grant with the
 * application's client id and secret as Basic credentials. Kept until shortly before it
 * expires; dropped when eBay answers 401 with it. When eBay refuses the refresh token or the
 * client (400 invalid_grant, 401 invalid_client), the refusal is kept for a while, so that
 * replies waiting in the outbox do not ask again and again with credentials eBay refuses.
 */
@Component
class EbayTokens {

    private final EbayHttp http;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    // One token request per channel at a time: callers racing at expiry share the new token.
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    EbayTokens(EbayHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    private record Token(String value, Instant renewAt) {
    }

    private record Refusal(String reason, Instant until) {
    }

    /** A token that is not about to expire, asked from eBay if there is none. */
    String token(Channel channel) {
        Token current = tokens.get(channel.id());
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return current.value();
        }
        synchronized (lockOf(channel)) {
            current = tokens.get(channel.id());
            if (current != null && clock.instant().isBefore(current.renewAt())) {
                return current.value();
            }
            Token fresh = refresh(channel);
            tokens.put(channel.id(), fresh);
            return fresh.value();
        }
    }

    /** eBay refused this token (401): the next call asks for another. */
    void invalidate(Channel channel, String token) {
        tokens.computeIfPresent(channel.id(), (id, current) -> current.value().equals(token) ? null : current);
    }

    private Token refresh(Channel channel) {
        Refusal refusal = refusals.get(channel.id());
        if (refusal != null && clock.instant().isBefore(refusal.until())) {
            throw new SourceException.Unauthorized(refusal.reason());
        }
        EbaySettings settings = channel.settings(EbaySettings.class);
        String basic = Base64.getEncoder().encodeToString((settings.clientId() + ":" + settings.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        EbayHttp.Answer answer = http.call(channel, "POST", settings.tokenUrlOrDefault().toString(), Map.of(),
                Map.of("Authorization", "Basic " + basic, "Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=refresh_token&refresh_token=" + EbayHttp.encode(settings.refreshToken()));
        if (!answer.ok()) {
            throw refused(channel, answer, settings);
        }
        JsonNode body = http.readJson(answer);
        String value = body.path("access_token").asText(null);
        if (value == null || value.isBlank()) {
            throw new SourceException.Unavailable(answer.what() + " answered no access_token", null);
        }
        // eBay says "typically two hours"; without expires_in, assume the shortest a token has lived.
        long lifetime = body.path("expires_in").asLong(3600);
        Instant renewAt = clock.instant().plusSeconds(lifetime).minus(settings.tokenRefreshMarginOrDefault());
        refusals.remove(channel.id());
        return new Token(value, renewAt);
    }

    /**
     * A 400 or 401 of the token endpoint (invalid_grant, invalid_client, invalid_scope) means our
     * credentials, not eBay's health: the channel pauses (PollRun) until someone fixes them.
     */
    private SourceException refused(Channel channel, EbayHttp.Answer answer, EbaySettings settings) {
        HttpStatusClass status = HttpStatusClass.of(answer.status());
        if (status == HttpStatusClass.RATE_LIMITED || status == HttpStatusClass.UNAVAILABLE) {
            return http.failure(answer, "");
        }
        String reason = answer.what() + " answered " + answer.status() + http.errorMessage(answer.body())
                + " (eBay refused the client id/secret or the refresh token of channel '" + channel.id()
                + "': renew the refresh token through eBay's consent flow, then resume the channel)";
        refusals.put(channel.id(), new Refusal(reason, clock.instant().plus(settings.refusedCredentialsHoldOrDefault())));
        return new SourceException.Unauthorized(reason);
    }

    private Object lockOf(Channel channel) {
        return locks.computeIfAbsent(channel.id(), id -> new Object());
    }
}
