package io.omniqueue.sandbox.kaufland;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Faults armed by tests, each used up by the requests it hits; guarded by {@code this}. */
final class Faults {

    private final List<Armed> armed = new ArrayList<>();
    private final List<Integer> failingOffsets = new ArrayList<>();
    private int failingOffsetStatus;
    private int rejectAllStatus;

    /** An answer forced on a request: a status (0 for the normal answer) after a delay (zero for none). */
    record Effect(int status, Duration delay) {
    }

    private record Armed(String method, Pattern path, int remaining, Effect effect) {
    }

    synchronized void arm(String method, String pathRegex, int times, Effect effect) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        armed.add(new Armed(method, Pattern.compile(pathRegex), times, effect));
    }

    synchronized void failOnOffset(int offset, int status) {
        failingOffsets.add(offset);
        failingOffsetStatus = status;
    }

    synchronized Optional<Integer> takeOffsetFailure(int offset) {
        return failingOffsets.remove(Integer.valueOf(offset)) ? Optional.of(failingOffsetStatus) : Optional.empty();
    }

    synchronized void clear() {
        armed.clear();
        failingOffsets.clear();
        rejectAllStatus = 0;
    }

    synchronized void rejectAllWith(int status) {
        rejectAllStatus = status;
    }

    synchronized int rejectAllStatus() {
        return rejectAllStatus;
    }

    synchronized Optional<Effect> take(String method, String path) {
        for (int i = 0; i < armed.size(); i++) {
            Armed a = armed.get(i);
            if ((a.method() == null || a.method().equalsIgnoreCase(method)) && a.path().matcher(path).matches()) {
                if (a.remaining() == 1) {
                    armed.remove(i);
                } else {
                    armed.set(i, new Armed(a.method(), a.path(), a.remaining() - 1, a.effect()));
                }
                return Optional.of(a.effect());
            }
        }
        return Optional.empty();
    }
}
