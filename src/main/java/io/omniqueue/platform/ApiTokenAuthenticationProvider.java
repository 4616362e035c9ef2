package io.omniqueue.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Accepts a presented bearer token that equals a configured one, as that token's name. */
class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ApiTokenAuthenticationProvider.class);
    /** Below this a token is guessable in the lifetime of a lockout-slowed attacker; only a warning, as the demo's is short. */
    private static final int RECOMMENDED_MIN_LENGTH = 16;

    private final List<Known> tokens;

    ApiTokenAuthenticationProvider(ApiSecuritySettings settings) {
        this.tokens = settings.apiTokens().stream().map(t -> new Known(t.name(), sha256(t.token()))).toList();
        if (tokens.isEmpty()) {
            log.warn("omniqueue.security.api-tokens is empty: every /api request will be refused with 401");
        }
        settings.apiTokens().stream().filter(t -> t.token().length() < RECOMMENDED_MIN_LENGTH).forEach(t -> log.warn(
                "omniqueue.security.api-tokens: the token named '{}' is shorter than {} characters; use a long random one",
                t.name(), RECOMMENDED_MIN_LENGTH));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        byte[] presented = sha256(String.valueOf(authentication.getCredentials()));
        // Digests of equal length, every token compared: the time taken says nothing about any token.
        String found = null;
        for (Known token : tokens) {
            if (MessageDigest.isEqual(token.digest(), presented) && found == null) {
                found = token.name();
            }
        }
        if (found == null) {
            throw new BadCredentialsException("the bearer token is not valid");
        }
        return ApiTokenAuthentication.accepted(found);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiTokenAuthentication.class.isAssignableFrom(authentication);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Known(String name, byte[] digest) {
    }
}
