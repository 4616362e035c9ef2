package io.omniqueue.platform;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer token: presented (not yet checked, holding the secret) or accepted (holding the name
 * of the configured token, which is then the caller's identity, and no secret).
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final String name;
    private String presented;

    private ApiTokenAuthentication(String name, String presented, boolean authenticated) {
        super(List.of());
        this.name = name;
        this.presented = presented;
        super.setAuthenticated(authenticated);
    }

    static ApiTokenAuthentication presented(String token) {
        return new ApiTokenAuthentication("", token, false);
    }

    static ApiTokenAuthentication accepted(String name) {
        return new ApiTokenAuthentication(name, null, true);
    }

    @Override
    public Object getCredentials() {
        return presented;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("only ApiTokenAuthentication.accepted(...) is authenticated");
        }
        super.setAuthenticated(false);
    }

    @Override
    public void eraseCredentials() {
        presented = null;
        super.eraseCredentials();
    }
}
