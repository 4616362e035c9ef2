package io.omniqueue.sandbox.ebay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Faults armed by tests, each consumed by the requests it hits; guarded by {@code this} (Jetty threads consume them). */
final class EbayFaults {

    private final List<Armed<Integer>> failures = new ArrayList<>();
    private final List<Armed<Duration>> delays = new ArrayList<>();
    private final List<int[]> offsetFailures = new ArrayList<>();

    synchronized void failNext(String method, String pathRegex, int times, int status) {
        failures.add(new Armed<>(method, Pattern.compile(pathRegex), times, status));
    }

    synchronized void delayNext(String method, String pathRegex, int times, Duration delay) {
        delays.add(new Armed<>(method, Pattern.compile(pathRegex), times, delay));
    }

    synchronized void failOnOffset(int offset, int status, int times) {
        offsetFailures.add(new int[] {offset, status, times});
    }

    synchronized void clear() {
        failures.clear();
        delays.clear();
        offsetFailures.clear();
    }

    synchronized Optional<Integer> takeFailure(String method, String path) {
        return take(failures, method, path);
    }

    synchronized Optional<Duration> takeDelay(String method, String path) {
        return take(delays, method, path);
    }

    synchronized Optional<Integer> takeOffsetFailure(int offset) {
        for (int i = 0; i < offsetFailures.size(); i++) {
            int[] armed = offsetFailures.get(i);
            if (armed[0] == offset) {
                if (--armed[2] <= 0) {
                    offsetFailures.remove(i);
                }
                return Optional.of(armed[1]);
            }
        }
        return Optional.empty();
    }

    private static <T> Optional<T> take(List<Armed<T>> armed, String method, String path) {
        for (int i = 0; i < armed.size(); i++) {
            Armed<T> a = armed.get(i);
            if (a.method().equalsIgnoreCase(method) && a.path().matcher(path).matches()) {
                if (a.remaining() <= 1) {
                    armed.remove(i);
                } else {
                    armed.set(i, new Armed<>(a.method(), a.path(), a.remaining() - 1, a.effect()));
                }
                return Optional.of(a.effect());
            }
        }
        return Optional.empty();
    }

    private record Armed<T>(String method, Pattern path, int remaining, T effect) {
    }
}
