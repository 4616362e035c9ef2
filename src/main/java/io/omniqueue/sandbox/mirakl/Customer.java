package io.omniqueue.sandbox.mirakl;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The customer a thread is with. */
record Customer(String id, String name) {

    /** The id is derived from the name so that one customer keeps one id across the threads they open. */
    static Customer named(String name) {
        UUID id = UUID.nameUUIDFromBytes(("customer:" + name).getBytes(StandardCharsets.UTF_8));
        return new Customer(id.toString(), name);
    }
}
