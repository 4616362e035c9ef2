package io.omniqueue.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request into {@code /api/**} only with {@code Authorization: Bearer <token>} naming a
 * configured token. The caller's identity (for "who decided no reply was needed") is the
 * {@code X-Omniqueue-Agent} header when given, else the token's position in the list.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    static final String CALLER_ATTRIBUTE = "omniqueue.caller";
    private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);

    private final List<byte[]> tokens;

    ApiTokenFilter(ApiSecuritySettings settings) {
        this.tokens = settings.apiTokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        if (tokens.isEmpty()) {
            log.warn("omniqueue.security.api-tokens is empty: every /api request will be refused with 401");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(response, "missing bearer token: send 'Authorization: Bearer <token>'");
            return;
        }
        int index = indexOf(header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        if (index < 0) {
            refuse(response, "the bearer token is not valid");
            return;
        }
        String agent = request.getHeader("X-Omniqueue-Agent");
        request.setAttribute(CALLER_ATTRIBUTE, agent != null && !agent.isBlank() ? agent.trim() : "api-token-" + (index + 1));
        chain.doFilter(request, response);
    }

    private int indexOf(byte[] presented) {
        int found = -1;
        // Compare against every token in constant time so timing reveals nothing about them.
        for (int i = 0; i < tokens.size(); i++) {
            if (MessageDigest.isEqual(tokens.get(i), presented) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"omniqueue\"");
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                + detail.replace("\"", "'") + "\"}");
    }
}
