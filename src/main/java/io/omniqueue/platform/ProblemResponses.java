package io.omniqueue.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * RFC 9457 problem documents written by the security filters, which answer before Spring MVC
 * (and its exception handler) is reached; they look like the API's other errors.
 */
class ProblemResponses {

    private final ObjectMapper json;

    ProblemResponses(ObjectMapper json) {
        // The mixin flattens ProblemDetail's extra properties, as Spring MVC writes them.
        this.json = json.copy().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
