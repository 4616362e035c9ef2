package io.omniqueue.sandbox.mirakl;

/** An error answer forced on a request; a negative {@code retryAfterSeconds} sends no Retry-After header. */
record InjectedFailure(int status, int retryAfterSeconds) {
}
