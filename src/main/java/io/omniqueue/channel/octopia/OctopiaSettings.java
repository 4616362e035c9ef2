package io.omniqueue.channel.octopia;

import java.net.URI;
import java.time.Duration;

/**
 * An Octopia seller account's own keys (Cdiscount and the other Octopia sales channels).
 *
 * @param baseUrl the Seller API v2 root (default https://api.octopia-io.net/seller/v2)
 * @param tokenUrl the Keycloak token endpoint (default Octopia's {@code maas} realm)
 * @param clientId the API client id, from the seller's "API Credentials Management" page
 * @param clientSecret its secret (from an environment variable, never written in the file)
 * @param sellerId sent as the {@code SellerId} header on every call
 * @param salesChannel the sales channel read and answered, e.g. {@code CDISFR}; all of the account's when absent
 * @param pageSize discussions per page, 1 to 100 (default 50)
 * @param operatorMessagesNeedReply whether an Octopia operator's ({@code GrcOperator}) message starts the clock
 * @param pollOverlap how far before the last seen update a poll starts again (clock skew, late writes)
 * @param replyShape the body of {@code POST /messages}, one of two shapes seen (see {@link OctopiaReplyShape})
 */
public record OctopiaSettings(URI baseUrl, URI tokenUrl, String clientId, String clientSecret, String sellerId,
                              String salesChannel, Integer pageSize, Boolean operatorMessagesNeedReply,
                              Duration pollOverlap, OctopiaReplyShape replyShape) {

    static final URI DEFAULT_BASE_URL = URI.create("https://api.octopia-io.net/seller/v2");
    static final URI DEFAULT_TOKEN_URL =
            URI.create("https://auth.octopia-io.net/auth/realms/maas/protocol/openid-connect/token");

    URI baseUrlOrDefault() {
        return baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    }

    URI tokenUrlOrDefault() {
        return tokenUrl == null ? DEFAULT_TOKEN_URL : tokenUrl;
    }

    int pageSizeOrDefault() {
        return pageSize == null ? 50 : pageSize;
    }

    Duration pollOverlapOrDefault() {
        return pollOverlap == null ? Duration.ofMinutes(5) : pollOverlap;
    }

    OctopiaReplyShape replyShapeOrDefault() {
        return replyShape == null ? OctopiaReplyShape.RECEIVERS : replyShape;
    }
}
