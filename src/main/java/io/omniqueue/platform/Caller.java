package io.omniqueue.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Who made an authenticated API request, as recorded on the decisions it makes ("no reply
 * needed", a reply's author): the name of the token that signed in. A tool acting for a person
 * may name them in {@code X-Omniqueue-Agent}; that is only a claim the token's holder makes, so it
 * is recorded as {@code "<token name> (on behalf of <agent>)"}, never as the identity itself.
 */
public final class Caller {

    public static final String AGENT_HEADER = "X-Omniqueue-Agent";
    /**
     * With a name of at most {@link ApiToken#MAX_NAME_LENGTH}, the recorded value fits the
     * 200-character columns it goes into: a schema limit, not an operator's choice.
     */
    static final int MAX_AGENT_LENGTH = 100;
    private static final String ON_BEHALF_OF_ATTRIBUTE = "omniqueue.on-behalf-of";

    private Caller() {
    }

    public static String of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        String name = principal == null ? "unknown" : principal.getName();
        Object agent = request.getAttribute(ON_BEHALF_OF_ATTRIBUTE);
        return agent == null ? name : name + " (on behalf of " + agent + ")";
    }

    /**
     * Checks {@code X-Omniqueue-Agent} once, when the request is let in, and keeps it for
     * {@link #of}; absent or blank means nobody is named.
     *
     * @throws IllegalArgumentException with a message for the caller, when the header is too long or has control characters
     */
    static void acceptAgent(HttpServletRequest request) {
        String agent;
        try {
            agent = request.getHeader(AGENT_HEADER);
        } catch (RequestRejectedException e) {
            // Spring Security's firewall refuses to hand out a header value with control characters.
            throw new IllegalArgumentException(AGENT_HEADER + " must not contain control characters");
        }
        if (agent == null || agent.isBlank()) {
            return;
        }
        agent = InputText.headerAsSent(agent).strip();
        InputText.lineProblem(agent, MAX_AGENT_LENGTH).ifPresent(problem -> {
            throw new IllegalArgumentException(AGENT_HEADER + " " + problem);
        });
        request.setAttribute(ON_BEHALF_OF_ATTRIBUTE, agent);
    }
}
