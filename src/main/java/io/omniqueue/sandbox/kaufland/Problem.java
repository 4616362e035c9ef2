package io.omniqueue.sandbox.kaufland;

import java.util.Map;

/** An error answer in Kaufland's ErrorResponse shape: {"type","message","errors":[{"field","message"}]}. */
final class Problem extends RuntimeException {

    static final String VALIDATION = "/problems/validation-error";
    static final String NOT_FOUND = "/problems/not-found";
    static final String CORRUPTED_SIGNATURE = "/problems/corrupted-signature";
    static final String MISSING_HEADER = "/problems/missing-or-invalid-request-header";
    static final String INVALID_CREDENTIALS = "/problems/invalid-credentials";
    static final String NON_CLOSABLE = "/problems/tickets/non-closable-by-seller";
    static final String FINALLY_CLOSED = "/problems/tickets/finally-closed";

    private final int status;
    private final String type;
    private final Map<String, String> fieldErrors;

    Problem(int status, String type, String message, Map<String, String> fieldErrors) {
        super(message);
        this.status = status;
        this.type = type;
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    }

    Problem(int status, String type, String message) {
        this(status, type, message, Map.of());
    }

    static Problem invalid(String field, String message) {
        return new Problem(400, VALIDATION, "Request parameters have invalid values", Map.of(field, message));
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
