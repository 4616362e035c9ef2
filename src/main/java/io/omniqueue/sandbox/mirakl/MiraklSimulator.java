package io.omniqueue.sandbox.mirakl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A stateful stand-in for Mirakl's seller messaging API (M10 thread, M11 threads, M12 reply, M13 attachment),
 * served by WireMock on 127.0.0.1. Integration tests seed it and inject faults; demo mode runs it as the
 * marketplace. All methods are thread-safe.
 */
public final class MiraklSimulator implements AutoCloseable {

    private static final String REPLY_PATH_REGEX = "/api/inbox/threads/[^/]+/message";

    private final WireMockServer server;
    private final InboxState inbox;
    private final FaultPlan faults;
    private final SimulatorSettings settings;
    private final MiraklApi api;

    private MiraklSimulator(WireMockServer server, InboxState inbox, FaultPlan faults, SimulatorSettings settings,
                            MiraklApi api) {
        this.server = server;
        this.inbox = inbox;
        this.faults = faults;
        this.settings = settings;
        this.api = api;
    }

    /** @param port the port to listen on, or 0 for any free port */
    public static MiraklSimulator start(int port, String apiKey, String shopName) {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(shopName, "shopName");
        InboxState inbox = new InboxState();
        FaultPlan faults = new FaultPlan();
        SimulatorSettings settings = new SimulatorSettings(apiKey, shopName);
        MiraklApi api = new MiraklApi(inbox, faults, settings, new ObjectMapper());
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .extensions(api);
        options = port == 0 ? options.dynamicPort() : options.port(port);
        WireMockServer server = new WireMockServer(options);
        // One catch-all stub: every answer, including 404 for unknown paths, comes from the API extension.
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        server.start();
        return new MiraklSimulator(server, inbox, faults, settings, api);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public Clock clock() {
        return settings.clock();
    }

    /** Dates of messages created without an explicit date (seeding and M12) come from this clock. */
    public void setClock(Clock clock) {
        settings.setClock(clock);
    }

    /** With a shop id, a request giving another shop_id is refused with 403; null accepts any shop_id. */
    public void setShopId(Long shopId) {
        settings.setShopId(shopId);
    }

    // --- seeding and back-office actions ---

    public String openThread(String orderId, String customerName, String firstMessage) {
        return openThread(orderId, customerName, firstMessage, now());
    }

    public String openThread(String orderId, String customerName, String firstMessage, Instant at) {
        StoredMessage first = StoredMessage.create(SenderType.CUSTOMER_USER, firstMessage, at, List.of(Party.SHOP),
                List.of());
        return inbox.openThread(orderId, Customer.named(customerName), first);
    }

    /**
     * Creates {@code count} threads, thread i (from 0) with one customer message at from + i*step, order
     * MIR-(i+1)-A; a listing sees all of them or none.
     */
    public void seedThreads(int count, Instant from, Duration step) {
        // All at once for a poll under way: it lists every seeded thread or none of them.
        inbox.together(() -> {
            for (int i = 0; i < count; i++) {
                int n = i + 1;
                openThread("MIR-" + n + "-A", "Customer " + n, "Question " + n + " about my order",
                        from.plus(step.multipliedBy(i)));
            }
        });
    }

    public String customerWrites(String threadId, String body) {
        return customerWrites(threadId, body, now());
    }

    public String customerWrites(String threadId, String body, Instant at) {
        return inbox.append(threadId, StoredMessage.create(SenderType.CUSTOMER_USER, body, at, List.of(Party.SHOP),
                List.of()));
    }

    public String operatorWrites(String threadId, String body) {
        return inbox.append(threadId, StoredMessage.create(SenderType.OPERATOR_USER, body, now(),
                List.of(Party.SHOP, Party.CUSTOMER), List.of()));
    }

    /** A reply the shop typed in Mirakl's back office: the thread is answered without any M12 call. */
    public String shopWritesInBackOffice(String threadId, String body) {
        return inbox.append(threadId, StoredMessage.create(SenderType.SHOP_USER, body, now(),
                List.of(Party.CUSTOMER), List.of()));
    }

    /** @return the attachment id, downloadable through M13 */
    public String addAttachmentToLastMessage(String threadId, String name, byte[] content) {
        return inbox.attachToLastMessage(threadId, name, content);
    }

    // --- inspection ---

    /** Oldest first. */
    public List<SimulatedMessage> messages(String threadId) {
        return inbox.get(threadId).messages().stream().map(StoredMessage::toSimulated).toList();
    }

    /** @return null when the shop has answered the customer's last messages */
    public Instant shopReplyNeededSince(String threadId) {
        return inbox.get(threadId).shopReplyNeededSince();
    }

    public int threadCount() {
        return inbox.size();
    }

    /**
     * Requests received so far, whatever they were answered, from WireMock's request journal.
     *
     * @param pathRegex matched against the whole path without its query string, e.g. "/api/inbox/threads" for M11
     */
    public int requestCount(String method, String pathRegex) {
        RequestSelector selector = RequestSelector.of(method, pathRegex);
        return (int) server.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .filter(request -> selector.matches(request.getMethod().getName(), MiraklApi.pathOf(request.getUrl())))
                .count();
    }

    /** The page_token of every M11 call that had one, in arrival order, failed calls included. */
    public List<String> pageTokensRequested() {
        return api.pageTokensRequested();
    }

    // --- faults ---

    /**
     * The next {@code times} matching requests answer {@code status} without being applied.
     *
     * @param retryAfterSeconds value of the Retry-After header, or negative for none
     */
    public void failNext(String method, String pathRegex, int times, int status, int retryAfterSeconds) {
        faults.failNext(RequestSelector.of(method, pathRegex), times, new InjectedFailure(status, retryAfterSeconds));
    }

    /**
     * Page N of an M11 paging run answers {@code status} once. The page number travels in the page token: a call
     * without page_token is page 1 and a token from page N's response leads to page N+1, so a retry with the same
     * token asks for the same page again.
     */
    public void failOnPage(int pageNumber, int status, int retryAfterSeconds) {
        faults.failOnPage(pageNumber, new InjectedFailure(status, retryAfterSeconds));
    }

    /** The next {@code times} matching requests are answered normally (and applied on arrival), but late. */
    public void delayNext(String method, String pathRegex, int times, Duration delay) {
        faults.delayNext(RequestSelector.of(method, pathRegex), times, delay);
    }

    /** The next M12 call is applied on arrival while its 201 comes only after {@code delay}. */
    public void acceptButDelayNextReply(Duration delay) {
        delayNext("POST", REPLY_PATH_REGEX, 1, delay);
    }

    /** Every request answers {@code status} (e.g. 401 once the key is revoked); 0 restores normal answers. */
    public void rejectAllWith(int status) {
        faults.rejectAllWith(status);
    }

    @Override
    public void close() {
        server.stop();
    }

    private Instant now() {
        return settings.clock().instant();
    }
}
