package io.omniqueue.channel.ebay;

import io.omniqueue.sandbox.ebay.EbaySimulator;
import java.util.Map;
import java.util.TreeMap;

/** eBay channels pointing at simulators, polled every second, for the tests of this package. */
final class EbayTestChannels {

    static final String CLIENT_ID = "test-app";
    static final String CLIENT_SECRET = "test-secret";
    static final String REFRESH_TOKEN = "test-refresh";
    static final String SELLER = "omni-shop";

    private EbayTestChannels() {
    }

    static EbaySimulator simulator() {
        return EbaySimulator.start(0, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, SELLER);
    }

    static Map<String, String> channel(int index, String id, EbaySimulator simulator, int pageSize) {
        String prefix = "omniqueue.channels[" + index + "].";
        Map<String, String> p = new TreeMap<>();
        p.put(prefix + "id", id);
        p.put(prefix + "kind", "ebay");
        p.put(prefix + "marketplace", "ebay.es");
        p.put(prefix + "base-url", simulator.baseUrl());
        p.put(prefix + "token-url", simulator.tokenUrl());
        p.put(prefix + "client-id", CLIENT_ID);
        p.put(prefix + "client-secret", CLIENT_SECRET);
        p.put(prefix + "refresh-token", REFRESH_TOKEN);
        p.put(prefix + "seller-username", SELLER);
        p.put(prefix + "schedule", "0/1 * * * * ?");
        p.put(prefix + "page-size", String.valueOf(pageSize));
        return p;
    }
}
