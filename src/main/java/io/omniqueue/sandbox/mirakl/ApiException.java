package io.omniqueue.sandbox.mirakl;

/** A request the simulated API refuses; becomes Mirakl's {@code {"status":..,"message":..}} error body. */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
