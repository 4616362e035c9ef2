package io.omniqueue.channel.kaufland;

import java.net.URI;
import java.time.Duration;

/**
 * A Kaufland seller account's own keys (Seller API v2).
 *
 * @param baseUrl the API root (default https://sellerapi.kaufland.com/v2)
 * @param clientKey the Client Key from the seller portal (from an environment variable)
 * @param secretKey the Secret Key that signs every request (from an environment variable, never in the file)
 * @param storefront the storefront whose tickets this channel reads (de, cz, sk, pl, at, fr, it...)
 * @param userAgent the partner software's name Kaufland asks for (default Omniqueue/&lt;version&gt;)
 * @param pageSize tickets per list call, 1 to 30 (Kaufland's maximum, the default)
 * @param pollOverlap how far before the last seen update a poll starts again (clock skew, late writes)
 */
public record KauflandSettings(URI baseUrl, String clientKey, String secretKey, String storefront, String userAgent,
                               Integer pageSize, Duration pollOverlap) {

    static final URI DEFAULT_BASE_URL = URI.create("https://sellerapi.kaufland.com/v2");
    static final int MAX_PAGE_SIZE = 30;

    URI baseUrlOrDefault() {
        return baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    }

    int pageSizeOrDefault() {
        return pageSize == null ? MAX_PAGE_SIZE : pageSize;
    }

    Duration pollOverlapOrDefault() {
        return pollOverlap == null ? Duration.ofMinutes(5) : pollOverlap;
    }

    String userAgentOrDefault() {
        if (userAgent != null && !userAgent.isBlank()) {
            return userAgent.trim();
        }
        String version = KauflandSettings.class.getPackage().getImplementationVersion();
        return "Omniqueue/" + (version == null ? "dev" : version);
    }
}
