package io.omniqueue.sandbox.octopia;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful stand-in for Octopia's Seller API v2 discussions (list, detail, {@code POST /messages},
 * {@code PATCH /discussions/{id}}) and its Keycloak token endpoint, on one WireMock server on
 * 127.0.0.1: {@link #baseUrl()} and {@link #tokenUrl()}. Tests seed it and inject faults; demo mode
 * runs it as the marketplace. Thread-safe.
 */
public final class OctopiaSimulator implements AutoCloseable {

    private final WireMockServer server;
    private final State state;
    private final Faults faults;
    private final OctopiaApi api;

    private OctopiaSimulator(WireMockServer server, State state, Faults faults, OctopiaApi api) {
        this.server = server;
        this.state = state;
        this.faults = faults;
        this.api = api;
    }

    /** @param port the port to listen on, or 0 for any free port */
    public static OctopiaSimulator start(int port, String clientId, String clientSecret, String sellerId) {
        State state = new State(Objects.requireNonNull(clientId), Objects.requireNonNull(clientSecret),
                Objects.requireNonNull(sellerId));
        Faults faults = new Faults();
        OctopiaApi api = new OctopiaApi(state, faults);
        WireMockConfiguration options = WireMockConfiguration.options().bindAddress("127.0.0.1").extensions(api);
        options = port == 0 ? options.dynamicPort() : options.port(port);
        WireMockServer server = new WireMockServer(options);
        // One catch-all stub: every answer comes from the API extension.
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        server.start();
        state.baseUrl = "http://127.0.0.1:" + server.port();
        return new OctopiaSimulator(server, state, faults, api);
    }

    /** The Seller API root, as a channel's {@code base-url}. */
    public String baseUrl() {
        return state.baseUrl + OctopiaApi.API_ROOT;
    }

    /** The token endpoint, as a channel's {@code token-url}. */
    public String tokenUrl() {
        return state.baseUrl + OctopiaApi.TOKEN_PATH;
    }

    // --- settings ---

    /** Dates of new messages and token expiry come from this clock. */
    public void setClock(Clock clock) {
        synchronized (state) {
            state.clock = Objects.requireNonNull(clock);
        }
    }

    /** The {@code expires_in} of tokens issued from now on (default 2 h). */
    public void setTokenLifetime(Duration lifetime) {
        synchronized (state) {
            state.tokenLifetime = lifetime;
        }
    }

    /** Every token issued so far is refused from now on with 401, as after an early expiry or a revocation. */
    public void expireTokens() {
        synchronized (state) {
            state.tokens.clear();
        }
    }

    public int tokensIssued() {
        synchronized (state) {
            return state.tokensIssued;
        }
    }

    /** Which body of POST /messages is taken: {@code RECEIVERS} (default), {@code RECEIVER}, or {@code ANY}. */
    public void acceptReplyShape(String shape) {
        synchronized (state) {
            state.replyShape = shape;
        }
    }

    /** Whether a page that has a next one says so with a {@code Link: <…>; rel="next"} header (default true). */
    public void sendLinkHeader(boolean send) {
        synchronized (state) {
            state.linkHeader = send;
        }
    }

    // --- seeding and portal actions ---

    /** A customer opens a discussion about an order on the default sales channel (CDISFR). */
    public String openDiscussion(String orderReference, String customerId, String subject, String firstMessage, Instant at) {
        synchronized (state) {
            String id = state.nextId();
            Discussion d = new Discussion(id, subject, orderReference, customerId, "CDISFR", at);
            state.discussions.put(id, d);
            state.append(d, "Customer", firstMessage, at, 0);
            return id;
        }
    }

    public String openDiscussion(String orderReference, String customerId, String subject, String firstMessage) {
        return openDiscussion(orderReference, customerId, subject, firstMessage, state.now());
    }

    /** {@code count} discussions, the i-th (from 0) opened at from + i*step, order CD-(i+1), customer 9000+i+1. */
    public void seedDiscussions(int count, Instant from, Duration step) {
        // All at once for a poll under way (the listing holds the same lock): it lists every seeded
        // discussion or none, never the first part, which would move its cursor past them.
        synchronized (state) {
            for (int i = 0; i < count; i++) {
                int n = i + 1;
                openDiscussion("CD-" + n, String.valueOf(9000 + n), "Commande " + n, "Bonjour, où en est ma commande " + n + " ?",
                        from.plus(step.multipliedBy(i)));
            }
        }
    }

    /** The customer writes; a closed discussion opens again. */
    public String customerWrites(String discussionId, String body) {
        return write(discussionId, "Customer", body, true);
    }

    /** Octopia's customer service writes in the discussion. */
    public String operatorWrites(String discussionId, String body) {
        return write(discussionId, "GrcOperator", body, false);
    }

    /** A message the platform writes on its own (a reminder, a status change). */
    public String automaticWrites(String discussionId, String body) {
        return write(discussionId, "Automatic", body, false);
    }

    /** The seller answers in Octopia's seller portal, not through the API. */
    public String sellerWritesInPortal(String discussionId, String body) {
        return write(discussionId, "Seller", body, false);
    }

    private String write(String discussionId, String userType, String body, boolean reopens) {
        synchronized (state) {
            Discussion d = discussion(discussionId);
            if (reopens) {
                d.open = true;
            }
            return state.append(d, userType, body, state.now(), 0);
        }
    }

    // --- inspection ---

    /** Oldest first. */
    public List<SimulatedMessage> messages(String discussionId) {
        synchronized (state) {
            return List.copyOf(discussion(discussionId).messages);
        }
    }

    public boolean isOpen(String discussionId) {
        synchronized (state) {
            return discussion(discussionId).open;
        }
    }

    public int discussionCount() {
        synchronized (state) {
            return state.discussions.size();
        }
    }

    /** The query of every {@code GET /discussions} received, in arrival order, refused ones included. */
    public List<Map<String, String>> listQueries() {
        return List.copyOf(api.listQueries);
    }

    /** Requests received so far; {@code pathRegex} is matched against the whole path without its query. */
    public int requestCount(String method, String pathRegex) {
        return (int) server.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getMethod().getName().equalsIgnoreCase(method)
                        && OctopiaApi.pathOf(r.getUrl()).matches(pathRegex))
                .count();
    }

    // --- faults ---

    /**
     * The next {@code times} matching requests answer {@code status} without being applied.
     *
     * @param pathRegex e.g. "/seller/v2/discussions" or ".*token"
     * @param retryAfterSeconds the Retry-After header, or negative for none
     */
    public void failNext(String method, String pathRegex, int times, int status, int retryAfterSeconds) {
        faults.failNext(method, pathRegex, times, new Faults.Failure(status, retryAfterSeconds));
    }

    /** The next request for page {@code pageIndex} of the list answers {@code status} once. */
    public void failOnPage(int pageIndex, int status, int retryAfterSeconds) {
        faults.failOnPage(pageIndex, new Faults.Failure(status, retryAfterSeconds));
    }

    /** The next {@code times} matching requests are applied on arrival but answered late (a hang, for a client's timeout). */
    public void delayNext(String method, String pathRegex, int times, Duration delay) {
        faults.delayNext(method, pathRegex, times, delay);
    }

    /** Every fault armed and not yet consumed is dropped. */
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

    private Discussion discussion(String id) {
        Discussion d = state.discussions.get(id);
        if (d == null) {
            throw new IllegalArgumentException("no discussion " + id);
        }
        return d;
    }

    /** The simulator's data, guarded by its own monitor. */
    static final class State {
        final String clientId;
        final String clientSecret;
        final String sellerId;
        final Map<String, Discussion> discussions = new LinkedHashMap<>();
        final Map<String, Instant> tokens = new HashMap<>();
        final AtomicLong ids = new AtomicLong(0x6565f0a1c2d4e81bL);
        volatile String baseUrl;
        Clock clock = Clock.systemUTC();
        Duration tokenLifetime = Duration.ofHours(2);
        int tokensIssued;
        String replyShape = "RECEIVERS";
        boolean linkHeader = true;
        final String patchOpField = "op";

        State(String clientId, String clientSecret, String sellerId) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.sellerId = sellerId;
        }

        synchronized Instant now() {
            return clock.instant();
        }

        /** Ids shaped like Octopia's (24 hex digits, as MongoDB object ids). */
        String nextId() {
            return String.format("%024x", ids.incrementAndGet());
        }

        synchronized String append(Discussion d, String userType, String body, Instant at, int attachments) {
            String id = nextId();
            d.messages.add(new SimulatedMessage(id, userType, body, at, attachments));
            if (at.isAfter(d.updatedAt)) {
                d.updatedAt = at;
            }
            return id;
        }
    }
}
