package io.omniqueue.platform;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.security}: who signs in to the web inbox, and how repeated failed sign-ins are slowed.
 *
 * @param users the inbox's users; none means nobody can sign in (the REST API's tokens still work)
 * @param loginLockout a username that fails this often is refused for a while, whatever password follows
 */
@ConfigurationProperties("omniqueue.security")
public record WebSecuritySettings(List<WebUser> users, @DefaultValue LoginLockout loginLockout) {

    static final Set<String> ROLES = Set.of("agent", "admin");

    public WebSecuritySettings {
        users = users == null ? List.of() : List.copyOf(users);
        Set<String> names = new HashSet<>();
        for (WebUser user : users) {
            String where = "omniqueue.security.users entry '" + user.username() + "'";
            if (user.username() == null || user.username().isBlank() || user.username().length() > 80
                    || user.username().chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("omniqueue.security.users: a username is 1 to 80 characters, "
                        + "without control characters, was '" + user.username() + "'");
            }
            if (!names.add(user.username())) {
                throw new IllegalArgumentException(where + " is declared twice");
            }
            if (user.password() == null || !user.password().startsWith("{")) {
                throw new IllegalArgumentException(where + ": password must be encoded, e.g. {bcrypt}$2a$10$... "
                        + "(the README shows how to make one)");
            }
            if (!ROLES.containsAll(user.roles())) {
                throw new IllegalArgumentException(where + ": roles must be among " + ROLES + ", were " + user.roles());
            }
        }
    }

    /**
     * @param maxFailures failed sign-ins of one username within the window that lock it
     * @param window how far back failures count
     * @param lockout how long a locked username is refused
     */
    public record LoginLockout(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration window,
                               @DefaultValue("15m") Duration lockout) {
    }
}
