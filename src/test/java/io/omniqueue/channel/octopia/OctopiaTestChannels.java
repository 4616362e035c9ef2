package io.omniqueue.channel.octopia;

import io.omniqueue.sandbox.octopia.OctopiaSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/** An Octopia channel on a simulator, as test properties: polled every second, the simulator's credentials. */
final class OctopiaTestChannels {

    static final String CLIENT_ID = "omni-client";
    static final String SECRET = "omni-secret";
    static final String SELLER = "123456";

    private OctopiaTestChannels() {
    }

    /** A started simulator, warmed up: its first answer on this busy machine can take longer than the tests' timeout. */
    static OctopiaSimulator simulator() {
        OctopiaSimulator simulator = OctopiaSimulator.start(0, CLIENT_ID, SECRET, SELLER);
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.tokenUrl().replace("/token", "/warm-up"))).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return simulator;
    }

    /**
     * Timeouts for the tests' Camel HTTP client: long enough for a cold first call of the JVM on a
     * shared machine (a failed first poll would wait for a backoff the frozen test clock never reaches).
     */
    static Map<String, String> timeouts() {
        return Map.of("camel.component.http.so-timeout", "4000", "camel.component.http.response-timeout", "4000");
    }

    static Map<String, String> channel(int index, String id, OctopiaSimulator simulator, int pageSize) {
        String prefix = "omniqueue.channels[" + index + "].";
        Map<String, String> p = new TreeMap<>();
        p.put(prefix + "id", id);
        p.put(prefix + "kind", "octopia");
        p.put(prefix + "base-url", simulator.baseUrl());
        p.put(prefix + "token-url", simulator.tokenUrl());
        p.put(prefix + "client-id", CLIENT_ID);
        p.put(prefix + "client-secret", SECRET);
        p.put(prefix + "seller-id", SELLER);
        p.put(prefix + "sales-channel", "CDISFR");
        p.put(prefix + "schedule", "0/1 * * * * ?");
        p.put(prefix + "page-size", String.valueOf(pageSize));
        return p;
    }
}
