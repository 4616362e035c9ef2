package io.omniqueue.sandbox.mirakl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Faults armed by tests, each consumed by the requests it hits. Guarded by {@code this} because a test arms
 * faults while Jetty threads consume them.
 */
final class FaultPlan {

    private final List<Armed<InjectedFailure>> failures = new ArrayList<>();
    private final List<Armed<Duration>> delays = new ArrayList<>();
    private final List<PageFailure> pageFailures = new ArrayList<>();
    private int rejectAllStatus;

    synchronized void failNext(RequestSelector selector, int times, InjectedFailure failure) {
        failures.add(new Armed<>(selector, requirePositive(times), failure));
    }

    synchronized void delayNext(RequestSelector selector, int times, Duration delay) {
        delays.add(new Armed<>(selector, requirePositive(times), delay));
    }

    synchronized void failOnPage(int pageNumber, InjectedFailure failure) {
        if (pageNumber < 1) {
            throw new IllegalArgumentException("Pages are numbered from 1, got " + pageNumber);
        }
        pageFailures.add(new PageFailure(pageNumber, failure));
    }

    synchronized void rejectAllWith(int status) {
        rejectAllStatus = status;
    }

    synchronized int rejectAllStatus() {
        return rejectAllStatus;
    }

    synchronized Optional<InjectedFailure> takeFailure(String method, String path) {
        return take(failures, armed -> armed.selector().matches(method, path));
    }

    synchronized Optional<Duration> takeDelay(String method, String path) {
        return take(delays, armed -> armed.selector().matches(method, path));
    }

    synchronized Optional<InjectedFailure> takePageFailure(int pageNumber) {
        for (int i = 0; i < pageFailures.size(); i++) {
            if (pageFailures.get(i).pageNumber() == pageNumber) {
                return Optional.of(pageFailures.remove(i).failure());
            }
        }
        return Optional.empty();
    }

    /** Consumes one use of the oldest matching fault, so faults armed for the same requests fire in arming order. */
    private static <T> Optional<T> take(List<Armed<T>> armedList, Predicate<Armed<T>> hits) {
        for (int i = 0; i < armedList.size(); i++) {
            Armed<T> armed = armedList.get(i);
            if (hits.test(armed)) {
                if (armed.remaining() == 1) {
                    armedList.remove(i);
                } else {
                    armedList.set(i, armed.usedOnce());
                }
                return Optional.of(armed.effect());
            }
        }
        return Optional.empty();
    }

    private static int requirePositive(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        return times;
    }

    private record Armed<T>(RequestSelector selector, int remaining, T effect) {
        Armed<T> usedOnce() {
            return new Armed<>(selector, remaining - 1, effect);
        }
    }

    private record PageFailure(int pageNumber, InjectedFailure failure) {
    }
}
