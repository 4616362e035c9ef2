package io.omniqueue.channel;

import java.time.Instant;

/** What a marketplace call can end with, the same for every connector so pollers and senders react alike. */
public abstract class SourceException extends RuntimeException {

    protected SourceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure an HTTP answer means, classified by {@link HttpStatusClass}.
     *
     * @param retryAfter the answer's Retry-After header, or null
     * @throws IllegalArgumentException for a 2xx, which is no failure
     */
    public static SourceException fromHttp(int status, String detail, String retryAfter, java.time.Instant now) {
        return switch (HttpStatusClass.of(status)) {
            case SUCCESS -> throw new IllegalArgumentException("HTTP " + status + " is not a failure");
            case RATE_LIMITED -> new RateLimited(detail, RetryAfter.parse(retryAfter, now));
            case UNAUTHORIZED -> new Unauthorized(detail);
            case UNAVAILABLE -> new Unavailable(detail, null);
            case REFUSED -> new Refused(status, detail);
        };
    }

    /** 5xx, timeout, connection refused: worth retrying after a backoff; counts against the circuit breaker. */
    public static class Unavailable extends SourceException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 429: not before {@code retryAt} (from Retry-After, or null when the source gave none). */
    public static class RateLimited extends SourceException {
        private final Instant retryAt;

        public RateLimited(String message, Instant retryAt) {
            super(message, null);
            this.retryAt = retryAt;
        }

        public Instant retryAt() {
            return retryAt;
        }
    }

    /** 401/403: the credentials are wrong or revoked; retrying is pointless until someone fixes them. */
    public static class Unauthorized extends SourceException {
        public Unauthorized(String message) {
            super(message, null);
        }
    }

    /** Another 4xx: our request is wrong (or the resource is gone); the same request would fail again. */
    public static class Refused extends SourceException {
        private final int status;

        public Refused(int status, String message) {
            super(message, null);
            this.status = status;
        }

        /** A refusal that is not an HTTP answer (a mail folder that does not exist): status 0. */
        public Refused(String message) {
            this(0, message);
        }

        public int status() {
            return status;
        }
    }
}
