package io.omniqueue.platform;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code omniqueue.security}: the bearer tokens accepted by {@code /api/**}. */
@ConfigurationProperties("omniqueue.security")
public record ApiSecuritySettings(List<String> apiTokens) {

    public ApiSecuritySettings {
        apiTokens = apiTokens == null ? List.of() : apiTokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
