package io.omniqueue.platform;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** The inbox's users, from configuration: roles {@code agent} and {@code admin} become ROLE_AGENT, ROLE_ADMIN. */
public class WebUsers implements UserDetailsService {

    private final Map<String, WebUser> users;

    WebUsers(WebSecuritySettings settings) {
        this.users = settings.users().stream().collect(Collectors.toMap(WebUser::username, u -> u));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        WebUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        List<SimpleGrantedAuthority> roles = user.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(java.util.Locale.ROOT))).toList();
        return User.withUsername(user.username()).password(user.password()).authorities(roles).build();
    }

    /** How the inbox shows a user, and records their decisions. */
    public String displayName(String username) {
        WebUser user = users.get(username);
        return user == null ? username : user.displayName();
    }

    public List<String> usernames() {
        return users.keySet().stream().sorted().toList();
    }
}
