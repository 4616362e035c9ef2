package io.omniqueue.sandbox.ebay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for eBay's Commerce Message API v1 (getConversations, getConversation,
 * sendMessage, updateConversation) and its OAuth refresh-token grant, served by WireMock on
 * 127.0.0.1 with one catch-all stub whose answers come from {@link EbayApi}. Tests seed it and
 * inject faults; demo mode runs it as eBay. All methods are thread-safe.
 */
public final class EbaySimulator implements AutoCloseable {

    private final WireMockServer server;
    private final EbayInbox inbox;
    private final EbayAuth auth;
    private final EbayFaults faults;
    private final EbayApi api;
    private final String seller;

    private EbaySimulator(WireMockServer server, EbayInbox inbox, EbayAuth auth, EbayFaults faults, EbayApi api,
                          String seller) {
        this.server = server;
        this.inbox = inbox;
        this.auth = auth;
        this.faults = faults;
        this.api = api;
        this.seller = seller;
    }

    /**
     * @param port the port to listen on, or 0 for any free port
     * @param clientId the application's client id, with {@code clientSecret} the Basic credentials of the token call
     * @param refreshToken the seller's refresh token the grant accepts
     * @param sellerUsername the seller's eBay username
     */
    public static EbaySimulator start(int port, String clientId, String clientSecret, String refreshToken,
                                      String sellerUsername) {
        Objects.requireNonNull(sellerUsername, "sellerUsername");
        EbayInbox inbox = new EbayInbox();
        EbayAuth auth = new EbayAuth(clientId, clientSecret, refreshToken);
        EbayFaults faults = new EbayFaults();
        EbayApi api = new EbayApi(inbox, auth, faults, sellerUsername);
        WireMockConfiguration options = WireMockConfiguration.options().bindAddress("127.0.0.1").extensions(api);
        WireMockServer server = new WireMockServer(port == 0 ? options.dynamicPort() : options.port(port));
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        server.start();
        EbaySimulator simulator = new EbaySimulator(server, inbox, auth, faults, api, sellerUsername);
        api.setBaseUrl(simulator.baseUrl());
        return simulator;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String tokenUrl() {
        return baseUrl() + EbayApi.TOKEN_PATH;
    }

    /** Message dates and token expiry follow this clock (default: the system's). */
    public void setClock(Clock clock) {
        auth.setClock(clock);
    }

    /** How long an issued access token lives (eBay: 7,200 s). */
    public void setTokenLifetime(Duration lifetime) {
        auth.setLifetime(lifetime);
    }

    // --- seeding and what people do on eBay ---

    /** A buyer asks about a listing: a new conversation, titled as eBay titles them. */
    public String buyerAsks(String buyer, String listingId, String text) {
        return buyerAsks(buyer, listingId, text, now());
    }

    public String buyerAsks(String buyer, String listingId, String text, Instant at) {
        EbayMessage first = new EbayMessage(inbox.nextMessageId(), buyer, seller, text, at, false);
        return inbox.open(buyer, listingId, "Question about item " + listingId, first);
    }

    /** The buyer writes again in a conversation; returns the message id. */
    public String buyerWrites(String conversationId, String text) {
        EbayConversation c = inbox.find(conversationId).orElseThrow();
        EbayMessage message = new EbayMessage(inbox.nextMessageId(), c.buyer(), seller, text, now(), false);
        inbox.update(conversationId, conv -> conv.with(message));
        return message.messageId();
    }

    /** The seller answers on eBay's own site, without any call of ours; returns the message id. */
    public String sellerWritesOnEbay(String conversationId, String text) {
        EbayConversation c = inbox.find(conversationId).orElseThrow();
        EbayMessage message = new EbayMessage(inbox.nextMessageId(), seller, c.buyer(), text, now(), false);
        inbox.update(conversationId, conv -> conv.with(message));
        return message.messageId();
    }

    /** {@code count} conversations, the i-th (from 0) from buyer-i about listing 400000000000+i at from + i*step. */
    public void seedConversations(int count, Instant from, Duration step) {
        // All at once for a poll under way: it lists every seeded conversation or none of them.
        inbox.together(() -> {
            for (int i = 0; i < count; i++) {
                buyerAsks("buyer-" + i, String.valueOf(400_000_000_000L + i), "Question " + i + " about the item",
                        from.plus(step.multipliedBy(i)));
            }
        });
    }

    // --- inspection ---

    /** Oldest first. */
    public List<EbayMessage> messages(String conversationId) {
        return inbox.find(conversationId).orElseThrow().messages();
    }

    /** Whether updateConversation marked it read (and the buyer wrote nothing since). */
    public boolean isRead(String conversationId) {
        return inbox.find(conversationId).orElseThrow().unreadCount(seller) == 0;
    }

    public int conversationCount() {
        return inbox.size();
    }

    /** Requests received so far, whatever the answer; the regex matches the whole path without its query. */
    public int requestCount(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex);
        return (int) server.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getMethod().getName().equalsIgnoreCase(method) && path.matcher(EbayApi.pathOf(r.getUrl())).matches())
                .count();
    }

    /** How many requests were answered with this status. */
    public int answeredWith(int status) {
        return (int) server.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == status).count();
    }

    /** The start_time of every getConversations call (null when it had none), in arrival order. */
    public List<String> listStartTimesRequested() {
        return api.startTimesRequested();
    }

    /** Every request received, token calls included. */
    public int totalRequests() {
        return server.getAllServeEvents().size();
    }

    /** The offset of every getConversations call that passed the limit/offset rules, in arrival order. */
    public List<Integer> listOffsetsRequested() {
        return api.offsetsRequested();
    }

    /** Access tokens issued so far. */
    public int tokensIssued() {
        return auth.issued();
    }

    // --- faults ---

    /** Every issued access token stops working at once: the next call answers 401 errorId 1001. */
    public void expireAllTokens() {
        auth.expireAll();
    }

    /** The seller revoked the consent: the refresh-token grant answers 400 invalid_grant. */
    public void revokeRefreshToken() {
        auth.revokeRefreshToken();
    }

    /**
     * The next {@code times} matching requests answer {@code status} without being applied, with
     * eBay's error body (429: errorId 2001 and no Retry-After; 5xx: errorId 2003).
     */
    public void failNext(String method, String pathRegex, int times, int status) {
        faults.failNext(method, pathRegex, times, status);
    }

    /** The getConversations page at this offset answers {@code status} once. */
    public void failOnListOffset(int offset, int status) {
        failOnListOffset(offset, status, 1);
    }

    /** The getConversations page at this offset answers {@code status} the next {@code times} times it is asked. */
    public void failOnListOffset(int offset, int status, int times) {
        faults.failOnOffset(offset, status, times);
    }

    /** Every fault armed and not yet consumed is dropped: eBay is healthy again. */
    public void clearFaults() {
        faults.clear();
    }

    /** The next {@code times} matching requests are applied on arrival but answered late (a hang, for a client's timeout). */
    public void delayNext(String method, String pathRegex, int times, Duration delay) {
        faults.delayNext(method, pathRegex, times, delay);
    }

    @Override
    public void close() {
        server.stop();
    }

    private Instant now() {
        return auth.clock().instant();
    }
}
