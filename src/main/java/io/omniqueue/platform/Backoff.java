package io.omniqueue.platform;

import java.time.Duration;

/** Exponential backoff with a ceiling: the wait after the n-th consecutive failure. */
public final class Backoff {

    private Backoff() {
    }

    /** {@code initial} after the first failure, doubling with each further one, never above {@code max}. */
    public static Duration after(int failures, Duration initial, Duration max) {
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
