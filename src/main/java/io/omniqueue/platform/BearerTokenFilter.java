package io.omniqueue.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a request in with {@code Authorization: Bearer <token>}. A locked-out client is answered
 * 429 before its token is even compared; a wrong token is counted against its client and
 * answered 401. Without a token the request goes on anonymous, and the chain's rules decide
 * (401 on {@code /api/**}, status-only health elsewhere).
 *
 * <p>The client is the remote address, which is the proxy's unless the operator configures
 * {@code server.forward-headers-strategy}: an {@code X-Forwarded-For} sent by anyone is never trusted here.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final AuthenticationManager tokens;
    private final FailedAuthLimiter limiter;
    private final AuthenticationEntryPoint entryPoint;
    private final ProblemResponses problems;
    private final boolean apiRequest;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    /**
     * @param apiRequest on {@code /api/**}: every request of a locked-out client is refused and
     *     {@code X-Omniqueue-Agent} is read; elsewhere only requests carrying a token are
     *     refused, so that the container's anonymous health checks go on
     */
    BearerTokenFilter(AuthenticationManager tokens, FailedAuthLimiter limiter, AuthenticationEntryPoint entryPoint,
                      ProblemResponses problems, boolean apiRequest) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.entryPoint = entryPoint;
        this.problems = problems;
        this.apiRequest = apiRequest;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = bearerToken(request);
        String client = request.getRemoteAddr();
        if (token != null || apiRequest) {
            // Even a valid token is refused while locked out: otherwise a guesser would learn
            // which of its guesses is right from the one answer that differs.
            Optional<Duration> locked = limiter.lockedFor(client);
            if (locked.isPresent()) {
                long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
                response.setHeader("Retry-After", String.valueOf(seconds));
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                        "too many wrong tokens from this client: retry after " + seconds + " seconds");
                return;
            }
        }
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            signIn(tokens.authenticate(ApiTokenAuthentication.presented(token)), request, response);
        } catch (AuthenticationException failure) {
            contexts.clearContext();
            if (limiter.recordFailure(client)) {
                log.warn("Client {} presented too many wrong API tokens: refused with 429 for a while", client);
            }
            entryPoint.commence(request, response, failure);
            return;
        }
        if (apiRequest) {
            try {
                Caller.acceptAgent(request);
            } catch (IllegalArgumentException e) {
                problems.write(request, response, HttpStatus.BAD_REQUEST, e.getMessage());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void signIn(Authentication authenticated, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authenticated);
        contexts.setContext(context);
        repository.saveContext(context, request, response);
    }

    /** The token after "Bearer ", or null when no bearer token is given (another scheme counts as none). */
    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }
}
