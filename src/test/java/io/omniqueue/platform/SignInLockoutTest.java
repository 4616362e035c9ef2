package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniqueue.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/** The sign-in lock-out counts per existing username, and a flood of made-up names can't undo a lock. */
class SignInLockoutTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    final AuthenticationProvider passwords = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication attempt) {
            if ("right".equals(attempt.getCredentials())) {
                return UsernamePasswordAuthenticationToken.authenticated(attempt.getName(), null, java.util.List.of());
            }
            throw new BadCredentialsException("wrong");
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };
    final SignInLockout lockout = new SignInLockout(passwords,
            new WebSecuritySettings.LoginLockout(3, Duration.ofMinutes(15), Duration.ofMinutes(15)), clock,
            Set.of("admin")::contains);

    void attempt(String user, String password) {
        lockout.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, password));
    }

    @Test
    void threeWrongPasswordsLockTheUsernameEvenForTheRightOneUntilTheLockoutPasses() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> attempt("admin", "guess")).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> attempt("admin", "right")).isInstanceOf(LockedException.class);
        clock.advance(Duration.ofMinutes(16));
        attempt("admin", "right");
    }

    @Test
    void madeUpUsernamesAreNotRememberedSoTheyCannotPushALockOut() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> attempt("admin", "guess")).isInstanceOf(BadCredentialsException.class);
        }
        for (int i = 0; i < 20_000; i++) {
            String name = "nobody-" + i;
            assertThatThrownBy(() -> attempt(name, "guess")).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> attempt("admin", "right")).as("still locked").isInstanceOf(LockedException.class);
    }
}
