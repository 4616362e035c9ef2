package io.omniqueue.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Wraps the password check of the sign-in form: a username that failed {@code max-failures} times
 * within the window is refused for the lockout, even with the right password (else a guesser would
 * learn the right one from the one answer that differs). Counted per username, so one guesser
 * spreading over addresses is slowed as well; per address, the API's token limiter slows the rest.
 */
class SignInLockout implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(SignInLockout.class);

    private final AuthenticationProvider passwords;
    private final FailedAuthLimiter failures;
    private final java.util.function.Predicate<String> known;

    /** @param known whether a username exists: only those are counted, so made-up names can't push a lock out of memory */
    SignInLockout(AuthenticationProvider passwords, WebSecuritySettings.LoginLockout settings, Clock clock,
                  java.util.function.Predicate<String> known) {
        this.passwords = passwords;
        this.known = known;
        this.failures = new FailedAuthLimiter(new FailedAuthSettings(settings.maxFailures(), settings.window(),
                settings.lockout(), 10_000), clock);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String username = String.valueOf(attempt.getName());
        Optional<Duration> locked = failures.lockedFor(username);
        if (locked.isPresent()) {
            long minutes = Math.max(1, (locked.get().toSeconds() + 59) / 60);
            throw new LockedException("too many failed sign-ins: try again in " + minutes + " min");
        }
        try {
            return passwords.authenticate(attempt);
        } catch (BadCredentialsException wrong) {
            if (known.test(username) && failures.recordFailure(username)) {
                log.warn("Sign-in of '{}' locked after repeated failures", username);
            }
            throw wrong;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}
