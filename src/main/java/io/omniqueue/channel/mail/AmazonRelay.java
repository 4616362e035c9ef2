package io.omniqueue.channel.mail;

/**
 * The mail came through Amazon's buyer-seller messaging: replies must go back to the relay alias, and the
 * marketplace decides the response deadline.
 *
 * @param alias       the full relay address, lower-case
 * @param marketplace what follows {@code marketplace.amazon.}, e.g. "fr", "de", "co.uk", "com"
 * @param orderId     the order the buyer writes about ({@code 123-1234567-1234567}), or null when none is quoted
 */
public record AmazonRelay(String alias, String marketplace, String orderId) {

    /** The conversation's marketplace, named as Amazon's own sites are: {@code amazon.es}, {@code amazon.co.uk}. */
    String conversationMarketplace() {
        return "amazon." + marketplace;
    }
}
