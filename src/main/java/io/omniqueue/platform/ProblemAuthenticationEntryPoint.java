package io.omniqueue.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** 401 as a problem document whose detail tells a missing token from a wrong one. */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final ProblemResponses problems;

    ProblemAuthenticationEntryPoint(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"omniqueue\"");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, failure instanceof BadCredentialsException
                ? "the bearer token is not valid"
                : "missing bearer token: send 'Authorization: Bearer <token>'");
    }
}
