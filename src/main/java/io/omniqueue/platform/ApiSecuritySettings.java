package io.omniqueue.platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.security}: the bearer tokens accepted by {@code /api/**}, and how wrong ones are slowed.
 *
 * @param apiTokens named tokens ({@code - name: helpdesk-bot / token: ...}), plain ones ({@code - abc...}
 *     or the comma-separated {@code OMNIQUEUE_API_TOKENS=a,b}), or both; a plain token is named
 *     {@code api-token-<position>}. Blank plain entries are skipped, so an unset variable means no token.
 * @param failedAuth the lockout of clients that keep presenting wrong tokens
 */
@ConfigurationProperties("omniqueue.security")
public record ApiSecuritySettings(List<ApiToken> apiTokens, @DefaultValue FailedAuthSettings failedAuth) {

    public ApiSecuritySettings {
        apiTokens = named(apiTokens == null ? List.of() : apiTokens);
        Objects.requireNonNull(failedAuth, "omniqueue.security.failed-auth");
    }

    private static List<ApiToken> named(List<ApiToken> configured) {
        List<ApiToken> tokens = new ArrayList<>();
        for (ApiToken entry : configured) {
            if (entry == null || (entry.name() == null && (entry.token() == null || entry.token().isEmpty()))) {
                continue;
            }
            tokens.add(entry.name() == null ? entry.named("api-token-" + (tokens.size() + 1)) : entry);
        }
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (ApiToken token : tokens) {
            String where = "omniqueue.security.api-tokens entry '" + token.name() + "'";
            if (token.name().isEmpty()) {
                throw new IllegalArgumentException("omniqueue.security.api-tokens: a name must not be blank"
                        + " (leave it out and the token is named api-token-<position>)");
            }
            if (token.name().length() > ApiToken.MAX_NAME_LENGTH || token.name().chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(where + ": a name is at most " + ApiToken.MAX_NAME_LENGTH
                        + " characters, without control characters");
            }
            if (token.token() == null || token.token().isEmpty()) {
                throw new IllegalArgumentException(where + " has no token");
            }
            if (!names.add(token.name())) {
                throw new IllegalArgumentException(where + ": the name is used twice; each token needs its own name");
            }
            // One secret under two names would make the recorded identity a matter of list order.
            if (!secrets.add(token.token())) {
                throw new IllegalArgumentException(where + ": the same token is configured twice");
            }
        }
        return List.copyOf(tokens);
    }
}
