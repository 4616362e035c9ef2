package io.omniqueue.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows token guessing: a client (its remote address) that presents {@code max-failures} wrong
 * tokens within {@code window} is locked out for {@code lockout}. A success forgives nothing and
 * touches no other client; failures simply age out of the window.
 *
 * <p>Only failing clients are remembered, at most {@code max-clients} of them, least recently seen
 * forgotten first: a locked-out client that keeps knocking stays remembered.
 */
class FailedAuthLimiter {

    private final FailedAuthSettings settings;
    private final Clock clock;
    private final Map<String, Failures> clients;

    FailedAuthLimiter(FailedAuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.clients = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > settings.maxClients();
            }
        };
    }

    /** How long this client is still locked out, if it is. */
    synchronized Optional<Duration> lockedFor(String client) {
        Failures failures = clients.get(client);
        Instant now = clock.instant();
        if (failures == null || failures.lockedUntil == null || !now.isBefore(failures.lockedUntil)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, failures.lockedUntil));
    }

    /** Counts a wrong token; true when this failure locks the client out. */
    synchronized boolean recordFailure(String client) {
        Instant now = clock.instant();
        Failures failures = clients.computeIfAbsent(client, c -> new Failures());
        Instant windowStart = now.minus(settings.window());
        while (!failures.recent.isEmpty() && !failures.recent.peekFirst().isAfter(windowStart)) {
            failures.recent.removeFirst();
        }
        failures.recent.addLast(now);
        if (failures.recent.size() < settings.maxFailures()) {
            return false;
        }
        failures.recent.clear();
        failures.lockedUntil = now.plus(settings.lockout());
        return true;
    }

    synchronized int trackedClients() {
        return clients.size();
    }

    private static final class Failures {
        private final Deque<Instant> recent = new ArrayDeque<>();
        private Instant lockedUntil;
    }
}
