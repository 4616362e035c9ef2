package io.omniqueue.sandbox.kaufland;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for Kaufland's Seller API v2 tickets (list, read with embedded messages,
 * reply, close), served by WireMock on 127.0.0.1 under {@code /v2}. It checks Kaufland's headers,
 * the timestamp window (±5 min of its own clock) and the HMAC signature of every request. Tests
 * seed it and inject faults; demo mode runs it as the marketplace. Thread-safe.
 */
public final class KauflandSimulator implements AutoCloseable {

    private final WireMockServer server;
    private final Tickets tickets;
    private final Faults faults;
    private final KauflandApi api;
    private volatile Clock clock = Clock.systemUTC();
    private volatile Clock serverClock = Clock.systemUTC();

    private KauflandSimulator(int port, String clientKey, String secretKey) {
        this.tickets = new Tickets();
        this.faults = new Faults();
        this.api = new KauflandApi(tickets, faults, clientKey, secretKey, () -> serverClock.instant(), this::now);
        WireMockConfiguration options = WireMockConfiguration.options().bindAddress("127.0.0.1").extensions(api);
        options = port == 0 ? options.dynamicPort() : options.port(port);
        this.server = new WireMockServer(options);
        // One catch-all stub: every answer comes from the API extension.
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        server.start();
    }

    /** @param port the port to listen on, or 0 for any free port */
    public static KauflandSimulator start(int port, String clientKey, String secretKey) {
        return new KauflandSimulator(port, Objects.requireNonNull(clientKey), Objects.requireNonNull(secretKey));
    }

    /** The API root a channel's base-url points at, e.g. http://127.0.0.1:8095/v2. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v2";
    }

    /** The dates of new messages and updates follow this clock (a test's clock, so that they line up with the service's). */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** Kaufland's real time, which the Shop-Timestamp must be within 5 minutes of (default: the system clock). */
    public void setServerClock(Clock serverClock) {
        this.serverClock = serverClock;
    }

    // --- seeding and actions on Kaufland's side ---

    /** A buyer opens a ticket about an order; returns the ticket id (a string with leading zeros). */
    public String buyerOpensTicket(String storefront, long buyerId, String orderId, String buyerName, String text) {
        return buyerOpensTicket(storefront, buyerId, orderId, buyerName, text, now());
    }

    public String buyerOpensTicket(String storefront, long buyerId, String orderId, String buyerName, String text, Instant at) {
        return tickets.open(storefront, buyerId, orderId, "product_defect", "buyer", buyerName, text, truncated(at));
    }

    /** A ticket whose opening request reaches the seller as a system message quoting the buyer [U]. */
    public String systemOpensTicketQuotingTheBuyer(String storefront, long buyerId, String orderId, String text) {
        return tickets.open(storefront, buyerId, orderId, "contact_other", "system", "Kaufland",
                "Der Kunde schreibt: " + text, now());
    }

    /** Ticket i (from 1) with one buyer message at from + (i-1)*step. */
    public void seedTickets(String storefront, int count, Instant from, Duration step) {
        // All at once for a poll under way: it lists every seeded ticket or none of them.
        tickets.together(() -> {
            for (int i = 1; i <= count; i++) {
                buyerOpensTicket(storefront, 5000 + i, "ORDER-" + i, "Kunde " + i, "Frage " + i + " zu meiner Bestellung",
                        from.plus(step.multipliedBy(i - 1)));
            }
        });
    }

    public long buyerWrites(String ticketId, String text) {
        return tickets.append(ticketId, "buyer", "Kunde", text, now(), List.of());
    }

    public long customerServiceWrites(String ticketId, String text) {
        return tickets.append(ticketId, "customer_service", "Kaufland Kundenservice", text, now(), List.of());
    }

    public long systemWrites(String ticketId, String text) {
        return tickets.append(ticketId, "system", "Kaufland", text, now(), List.of());
    }

    /** The seller answered in Kaufland's seller portal, without the API. */
    public long sellerWritesInPortal(String ticketId, String text) {
        return tickets.append(ticketId, "seller", "Seller", text, now(), List.of());
    }

    /** Kaufland's customer service closes the ticket for good: replies and closes are refused as finally-closed. */
    public void closeFinally(String ticketId) {
        tickets.with(ticketId, t -> t.status = "customer_service_closed_final");
    }

    /** The seller may not close this ticket (non-closable-by-seller). */
    public void forbidSellerClose(String ticketId) {
        tickets.with(ticketId, t -> t.closableBySeller = false);
    }

    // --- inspection ---

    /** Oldest first. */
    public List<KauflandMessage> messages(String ticketId) {
        return tickets.with(ticketId, t -> List.copyOf(t.messages));
    }

    public String status(String ticketId) {
        return tickets.with(ticketId, t -> t.status);
    }

    public boolean sellerResponsible(String ticketId) {
        return tickets.with(ticketId, t -> t.sellerResponsible);
    }

    public int ticketCount() {
        return tickets.size();
    }

    /** Requests received, whatever the answer; {@code pathRegex} matches the whole path without the query. */
    public int requestCount(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex);
        return (int) server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equalsIgnoreCase(method)
                        && path.matcher(KauflandApi.pathOf(r.getUrl())).matches())
                .count();
    }

    /** The offset of every list call that passed the signature check, in arrival order. */
    public List<Integer> offsetsRequested() {
        return api.offsetsRequested();
    }

    /** The User-Agent of every request that passed the signature check. */
    public List<String> userAgents() {
        return api.userAgents();
    }

    // --- faults ---

    /** The next {@code times} matching requests (signed correctly) answer {@code status}, Kaufland's error body, no header. */
    public void failNext(String method, String pathRegex, int times, int status) {
        faults.arm(method, pathRegex, times, new Faults.Effect(status, Duration.ZERO));
    }

    /** The next {@code times} matching requests are answered normally (and applied on arrival), but late. */
    public void delayNext(String method, String pathRegex, int times, Duration delay) {
        faults.arm(method, pathRegex, times, new Faults.Effect(0, delay));
    }

    /** The list call at this offset answers {@code status} once. */
    public void failOnOffset(int offset, int status) {
        faults.failOnOffset(offset, status);
    }

    /** Every fault armed so far is dropped: requests are answered normally again. */
    public void clearFaults() {
        faults.clear();
    }

    /** Every request answers {@code status}; 0 restores normal answers. */
    public void rejectAllWith(int status) {
        faults.rejectAllWith(status);
    }

    @Override
    public void close() {
        server.stop();
    }

    private Instant now() {
        return truncated(clock.instant());
    }

    // Kaufland's dates carry whole seconds (2021-07-24T19:26:05Z).
    private static Instant truncated(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS);
    }
}
