package io.omniqueue.platform;

import java.util.List;

/**
 * A person who signs in to the web inbox ({@code omniqueue.security.users[n]}).
 *
 * @param username what they type to sign in
 * @param password an encoded password, e.g. {@code {bcrypt}$2a$10$...} (never the plain text)
 * @param roles {@code agent} (answers customers) and/or {@code admin} (also resumes channels, handles quarantine)
 * @param name how the inbox shows them, and how their decisions are recorded; the username if absent
 */
public record WebUser(String username, String password, List<String> roles, String name) {

    public WebUser {
        roles = roles == null ? List.of("agent") : List.copyOf(roles);
    }

    public String displayName() {
        return name == null || name.isBlank() ? username : name.strip();
    }
}
