package io.omniqueue.channel.kaufland;

import java.util.Map;
import java.util.TreeMap;

/** Kaufland channel properties for tests: polled every second, storefront de. */
final class KauflandChannels {

    static final String CLIENT_KEY = "test-client-key";
    static final String SECRET_KEY = "test-secret-key";

    private KauflandChannels() {
    }

    static Map<String, String> channel(int index, String id, String baseUrl, String secretKey) {
        String prefix = "omniqueue.channels[" + index + "].";
        Map<String, String> p = new TreeMap<>();
        p.put(prefix + "id", id);
        p.put(prefix + "kind", "kaufland");
        p.put(prefix + "marketplace", "kaufland.de");
        p.put(prefix + "base-url", baseUrl);
        p.put(prefix + "client-key", CLIENT_KEY);
        p.put(prefix + "secret-key", secretKey);
        p.put(prefix + "storefront", "de");
        p.put(prefix + "schedule", "0/1 * * * * ?");
        p.put(prefix + "sla.contract", "PT48H");
        p.put(prefix + "sla.contract-calendar.zone", "Europe/Berlin");
        p.put(prefix + "sla.contract-calendar.holidays-country", "de");
        return p;
    }
}
