package io.omniqueue.sandbox.mirakl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Builds WireMock response definitions in the shapes Mirakl answers with. */
final class ApiResponses {

    private final ObjectMapper mapper;

    ApiResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ResponseDefinition json(int status, JsonNode body) {
        try {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json;charset=UTF-8")
                    .withBody(mapper.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a simulated Mirakl response", e);
        }
    }

    ResponseDefinition error(int status, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("status", status);
        body.put("message", message);
        return json(status, body);
    }

    ResponseDefinition error(ApiException problem) {
        return error(problem.status(), problem.getMessage());
    }

    /** Injected failures use the generic messages a gateway answers with, not an endpoint-specific one. */
    ResponseDefinition failure(InjectedFailure failure) {
        ResponseDefinition response = error(failure.status(), genericMessage(failure.status()));
        if (failure.retryAfterSeconds() < 0) {
            return response;
        }
        return ResponseDefinitionBuilder.like(response)
                .withHeader("Retry-After", Integer.toString(failure.retryAfterSeconds()))
                .build();
    }

    ResponseDefinition download(StoredAttachment attachment) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/octet-stream")
                .withHeader("Content-Disposition", contentDisposition(attachment.name()))
                .withBody(attachment.content())
                .build();
    }

    static ResponseDefinition delayed(ResponseDefinition response, Duration delay) {
        return ResponseDefinitionBuilder.like(response)
                .withFixedDelay(Math.toIntExact(delay.toMillis()))
                .build();
    }

    static String genericMessage(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Internal error" : "Error";
        };
    }

    /** Non-ASCII names also get an RFC 6266 filename* so that clients can recover the exact name. */
    private static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7E]", "_").replace("\\", "\\\\").replace("\"", "\\\"");
        String header = "attachment; filename=\"" + ascii + "\"";
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            return header;
        }
        return header + "; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }
}
