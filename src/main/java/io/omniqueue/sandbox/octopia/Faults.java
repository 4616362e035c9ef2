package io.omniqueue.sandbox.octopia;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Faults armed by tests, each consumed by the requests it hits; guarded by {@code this} (Jetty threads consume them). */
final class Faults {

    record Failure(int status, int retryAfterSeconds) {
    }

    private record Armed<T>(String method, Pattern path, int[] remaining, T effect) {
        boolean hits(String requestMethod, String requestPath) {
            return (method == null || method.equalsIgnoreCase(requestMethod)) && path.matcher(requestPath).matches();
        }
    }

    private final List<Armed<Failure>> failures = new ArrayList<>();
    private final List<Armed<Duration>> delays = new ArrayList<>();
    private final List<int[]> pageFailures = new ArrayList<>();
    private int rejectAll;

    synchronized void failNext(String method, String pathRegex, int times, Failure failure) {
        failures.add(new Armed<>(method, Pattern.compile(pathRegex), new int[] {times}, failure));
    }

    synchronized void delayNext(String method, String pathRegex, int times, Duration delay) {
        delays.add(new Armed<>(method, Pattern.compile(pathRegex), new int[] {times}, delay));
    }

    /** {pageIndex, status, retryAfter} */
    synchronized void failOnPage(int pageIndex, Failure failure) {
        pageFailures.add(new int[] {pageIndex, failure.status(), failure.retryAfterSeconds()});
    }

    synchronized void clear() {
        failures.clear();
        delays.clear();
        pageFailures.clear();
        rejectAll = 0;
    }

    synchronized void rejectAllWith(int status) {
        rejectAll = status;
    }

    synchronized int rejectAll() {
        return rejectAll;
    }

    synchronized Optional<Failure> takeFailure(String method, String path) {
        return take(failures, method, path);
    }

    synchronized Optional<Duration> takeDelay(String method, String path) {
        return take(delays, method, path);
    }

    synchronized Optional<Failure> takePageFailure(int pageIndex) {
        for (int i = 0; i < pageFailures.size(); i++) {
            if (pageFailures.get(i)[0] == pageIndex) {
                int[] f = pageFailures.remove(i);
                return Optional.of(new Failure(f[1], f[2]));
            }
        }
        return Optional.empty();
    }

    private static <T> Optional<T> take(List<Armed<T>> list, String method, String path) {
        for (int i = 0; i < list.size(); i++) {
            Armed<T> armed = list.get(i);
            if (armed.hits(method, path)) {
                if (--armed.remaining()[0] <= 0) {
                    list.remove(i);
                }
                return Optional.of(armed.effect());
            }
        }
        return Optional.empty();
    }
}
