package io.omniqueue.channel;

/**
 * How every connector reads an HTTP status, so that pollers and senders of every kind react
 * alike: a 429 waits, a 401/403 needs an operator, 5xx, 408 and 425 are worth another try later,
 * another 4xx would fail the same way again.
 */
public enum HttpStatusClass {
    SUCCESS,
    RATE_LIMITED,
    UNAUTHORIZED,
    UNAVAILABLE,
    REFUSED;

    public static HttpStatusClass of(int status) {
        if (status >= 200 && status < 300) {
            return SUCCESS;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        if (status >= 500 || status == 408 || status == 425 || status < 100) {
            return UNAVAILABLE;
        }
        return REFUSED;
    }

    /** Whether the same request may succeed later without anyone changing anything. */
    public boolean transientFailure() {
        return this == RATE_LIMITED || this == UNAVAILABLE;
    }
}
