package io.omniqueue.channel;

import java.util.regex.Pattern;

/**
 * The party whose deadline counts for a conversation: {@code amazon.es}, {@code carrefour-fr},
 * or {@link #SHOP} for the shop's own mail and forms. A name, not a channel: one channel (the
 * mailbox) carries several, and queues, reports and gauges are cut by it.
 */
public final class Marketplace {

    /** The shop's own customers: its mail, its web forms. */
    public static final String SHOP = "shop";
    /** What a name may hold, said the same way in start-up errors and refused requests. */
    public static final String RULE = "lower-case letters, digits, dots and dashes, starting with a letter or digit, "
            + "at most 50 characters";

    // The width of conversation.marketplace (V9); a dot for domains (amazon.co.uk), a dash for ids (carrefour-fr).
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,49}");

    private Marketplace() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
