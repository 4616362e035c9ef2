package io.omniqueue.support;

import java.util.Map;
import java.util.TreeMap;

/** The channels and limits every integration test runs with, as properties. */
public final class TestChannels {

    public static final String TOKEN = "test-token";
    public static final String WEB_SHOP = "web-shop";
    public static final String PAGING_SHOP = "paging-shop";
    public static final String PARIS_SHOP = "paris-shop";

    private TestChannels() {
    }

    public static Map<String, String> properties(String callbackBaseUrl) {
        Map<String, String> p = new TreeMap<>();
        p.put("omniqueue.security.api-tokens", TOKEN + ",second-token");
        p.put("omniqueue.demo.enabled", "false");
        p.put("omniqueue.outbox.poll-delay", "100ms");
        p.put("omniqueue.outbox.initial-backoff", "10s");
        p.put("omniqueue.outbox.max-backoff", "10m");
        p.put("omniqueue.outbox.max-attempts", "4");
        // 2 s: WireMock on a loaded 2-core machine (the whole suite) answered a 500 after more than 1 s,
        // and the test saw a timeout instead; callbackTimeoutIsRetriedAndSentOnce delays 3 s.
        p.put("camel.component.http.connect-timeout", "2000");
        p.put("camel.component.http.so-timeout", "2000");
        p.put("camel.component.http.response-timeout", "2000");
        channel(p, 0, WEB_SHOP, callbackBaseUrl + "/callback");
        p.put("omniqueue.channels[0].max-reply-length", "200");
        channel(p, 1, PAGING_SHOP, callbackBaseUrl + "/paging");
        channel(p, 2, PARIS_SHOP, callbackBaseUrl + "/paris");
        p.put("omniqueue.channels[2].sla.contract", "PT24H");
        p.put("omniqueue.channels[2].sla.internal.target", "PT2H");
        p.put("omniqueue.channels[2].sla.internal.zone", "Europe/Paris");
        for (String day : new String[] {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
            p.put("omniqueue.channels[2].sla.internal.hours." + day + "[0]", "09:00-12:30");
            p.put("omniqueue.channels[2].sla.internal.hours." + day + "[1]", "14:00-18:00");
        }
        p.put("omniqueue.channels[2].sla.internal.holidays[0]", "2026-12-25");
        return p;
    }

    /** An H2 file database in PostgreSQL mode, as the service's default, in a test's folder. */
    public static String h2File(java.nio.file.Path folder, String name) {
        return "jdbc:h2:file:" + folder.resolve(name) + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /** Adds these properties to a test's dynamic properties. */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry, Map<String, String> properties) {
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    /** A Mirakl channel at this index, polled every second (schedule), 100 threads a page. */
    public static Map<String, String> mirakl(int index, String id, String baseUrl, String apiKey) {
        String prefix = "omniqueue.channels[" + index + "].";
        Map<String, String> p = new TreeMap<>();
        p.put(prefix + "id", id);
        p.put(prefix + "kind", "mirakl");
        p.put(prefix + "base-url", baseUrl);
        p.put(prefix + "api-key", apiKey);
        p.put(prefix + "schedule", "0/1 * * * * ?");
        p.put(prefix + "page-size", "100");
        return p;
    }

    private static void channel(Map<String, String> p, int index, String id, String callback) {
        p.put("omniqueue.channels[" + index + "].id", id);
        p.put("omniqueue.channels[" + index + "].kind", "webhook");
        p.put("omniqueue.channels[" + index + "].callback-url", callback);
    }
}
