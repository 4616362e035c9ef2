package io.omniqueue.channel;

import java.time.Instant;

/** What a marketplace call can end with, the same for every connector so pollers and senders react alike. */
public abstract class SourceException extends RuntimeException {

    protected SourceException(String message, Throwable cause) {
        super(message, cause);
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

        public int status() {
            return status;
        }
    }
}
