package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * OAuth2 client-credentials tokens from Octopia's Keycloak, one per channel, kept until a little
 * before the {@code expires_in} the endpoint gave (its lifetime is said to be 2 h, one client
 * assumes 5 min [U]: we trust the answer). A 401 from the API drops the token ({@link #invalidate}).
 */
@Component
class OctopiaTokens {

    /** Refresh this long before expiry, or a tenth of the lifetime when that is shorter. */
    static final Duration REFRESH_BEFORE = Duration.ofSeconds(60);

    private final OctopiaHttp http;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    OctopiaTokens(OctopiaHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A token valid for a while yet, fetched when there is none. */
    String token(Channel channel) {
        Token token = tokens.get(channel.id());
        if (token != null && clock.instant().isBefore(token.refreshAt())) {
            return token.value();
        }
        // One fetch per channel at a time; a slow token endpoint holds up only its own channel.
        synchronized (locks.computeIfAbsent(channel.id(), id -> new Object())) {
            token = tokens.get(channel.id());
            if (token == null || !clock.instant().isBefore(token.refreshAt())) {
                token = fetch(channel);
                tokens.put(channel.id(), token);
            }
            return token.value();
        }
    }

    /** The API refused this token (expired or revoked early): the next {@link #token} fetches a new one. */
    void invalidate(Channel channel, String refused) {
        tokens.computeIfPresent(channel.id(), (id, held) -> held.value().equals(refused) ? null : held);
    }

    private Token fetch(Channel channel) {
        OctopiaSettings settings = channel.settings(OctopiaSettings.class);
        String form = "grant_type=client_credentials&client_id=" + OctopiaHttp.encode(settings.clientId())
                + "&client_secret=" + OctopiaHttp.encode(settings.clientSecret());
        OctopiaHttp.Answer answer = http.send("POST", settings.tokenUrlOrDefault().toString(), new LinkedHashMap<>(),
                Map.of(), form, "application/x-www-form-urlencoded");
        if (!answer.ok()) {
            // Keycloak answers a wrong client with 401 invalid_client and a bad request with 400: both are the credentials.
            int status = answer.status() == 400 ? 401 : answer.status();
            throw http.failure(new OctopiaHttp.Answer(answer.what(), status, answer.body(), answer.retryAfter(), null),
                    " (check client-id and client-secret of channel '" + channel.id() + "')");
        }
        JsonNode body = http.readJson(answer);
        String value = body.path("access_token").asText(null);
        if (value == null || value.isBlank()) {
            throw new SourceException.Unavailable("the token endpoint answered without access_token", null);
        }
        Duration lifetime = Duration.ofSeconds(Math.max(1, body.path("expires_in").asLong(300)));
        Duration margin = lifetime.dividedBy(10).compareTo(REFRESH_BEFORE) < 0 ? lifetime.dividedBy(10) : REFRESH_BEFORE;
        return new Token(value, clock.instant().plus(lifetime).minus(margin));
    }

    private record Token(String value, Instant refreshAt) {
    }
}
