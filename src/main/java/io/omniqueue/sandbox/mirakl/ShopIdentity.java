package io.omniqueue.sandbox.mirakl;

/** How the simulated shop appears in participants, senders and recipients. */
record ShopIdentity(String id, String name) {
}
