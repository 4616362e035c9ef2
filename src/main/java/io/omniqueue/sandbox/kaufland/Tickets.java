package io.omniqueue.sandbox.kaufland;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** The simulator's tickets. Every access is synchronized: tests seed while Jetty threads answer. */
final class Tickets {

    private final Map<String, Ticket> byId = new LinkedHashMap<>();
    // Kaufland's ticket ids start with 001 (pattern ^001\d+$) and are 11 digits.
    private final AtomicLong ticketNumbers = new AtomicLong(10_000_000);
    private final AtomicLong messageIds = new AtomicLong(64_000_000);
    private final AtomicLong orderUnits = new AtomicLong(400_000_000);

    synchronized String open(String storefront, long buyerId, String orderId, String openReason, String role, String name,
                             String text, Instant at) {
        String id = "001" + ticketNumbers.incrementAndGet();
        Ticket ticket = new Ticket(id, storefront, buyerId, orderUnits.incrementAndGet(), orderId, openReason, at);
        ticket.add(new KauflandMessage(messageIds.incrementAndGet(), role, name, text, at, List.of()));
        byId.put(id, ticket);
        return id;
    }

    /** Runs {@code opening} (tickets opened one by one) as one step for every listing, which holds the same lock. */
    synchronized void together(Runnable opening) {
        opening.run();
    }

    synchronized long append(String ticketId, String role, String name, String text, Instant at, List<String> files) {
        Ticket ticket = require(ticketId);
        long id = messageIds.incrementAndGet();
        ticket.add(new KauflandMessage(id, role, name, text, at, files));
        return id;
    }

    synchronized <T> T with(String ticketId, Function<Ticket, T> action) {
        return action.apply(require(ticketId));
    }

    synchronized <T> Optional<T> find(String ticketId, Function<Ticket, T> action) {
        return Optional.ofNullable(byId.get(ticketId)).map(action);
    }

    /** Tickets updated at or after {@code from} (all when null), newest update first as Kaufland sorts them, mapped under the lock. */
    synchronized <T> List<T> updatedSince(Instant from, String storefront, Function<Ticket, T> action) {
        List<Ticket> list = new ArrayList<>();
        for (Ticket t : byId.values()) {
            if ((from == null || !t.updatedAt.isBefore(from)) && (storefront == null || storefront.equals(t.storefront))) {
                list.add(t);
            }
        }
        list.sort(Comparator.comparing((Ticket t) -> t.updatedAt).reversed().thenComparing(t -> t.id));
        return list.stream().map(action).toList();
    }

    synchronized int size() {
        return byId.size();
    }

    private Ticket require(String ticketId) {
        Ticket ticket = byId.get(ticketId);
        if (ticket == null) {
            throw new Problem(404, Problem.NOT_FOUND, "Ticket " + ticketId + " not found");
        }
        return ticket;
    }
}
