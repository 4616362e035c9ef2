package io.omniqueue.sandbox.ebay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated OAuth side: the application's client id and secret, the seller's refresh token,
 * and the user access tokens issued from it, each valid for the token lifetime (eBay: 7,200 s).
 */
final class EbayAuth {

    private final String clientId;
    private final String clientSecret;
    private volatile String refreshToken;
    private volatile Duration lifetime = Duration.ofHours(2);
    private volatile Clock clock = Clock.systemUTC();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();

    EbayAuth(String clientId, String clientSecret, String refreshToken) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
    }

    boolean clientMatches(String authorization) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        return expected.equals(authorization);
    }

    boolean refreshTokenMatches(String token) {
        return refreshToken != null && refreshToken.equals(token);
    }

    /** A new user access token; returns it with its lifetime in seconds. */
    Map.Entry<String, Long> issue() {
        String token = "v^1.1#i^1#sim-" + UUID.randomUUID();
        tokens.put(token, clock.instant().plus(lifetime));
        issued.incrementAndGet();
        return Map.entry(token, lifetime.toSeconds());
    }

    boolean valid(String token) {
        Instant expiry = token == null ? null : tokens.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    void expireAll() {
        tokens.clear();
    }

    void revokeRefreshToken() {
        refreshToken = null;
    }

    void setLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    int issued() {
        return issued.get();
    }
}
