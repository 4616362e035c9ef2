package io.omniqueue.channel.ebay;

import java.net.URI;
import java.time.Duration;

/**
 * An eBay seller account's own keys (Commerce Message API). The common keys ({@code id},
 * {@code schedule}, {@code sla}, {@code marketplace} such as {@code ebay.es}) sit beside them.
 *
 * @param baseUrl API root, default https://api.ebay.com (sandbox: https://api.sandbox.ebay.com)
 * @param tokenUrl OAuth token endpoint, default https://api.ebay.com/identity/v1/oauth2/token
 * @param clientId the application's client id (App ID)
 * @param clientSecret the application's client secret (Cert ID), from an environment variable
 * @param refreshToken the seller's refresh token from eBay's consent flow, from an environment variable
 * @param sellerUsername the seller's eBay username: messages sent by it are the shop's
 * @param pageSize conversations and messages per page, 1 to 50 (default 50)
 * @param dailyCallBudget API calls (token calls included) allowed per UTC day (default 5,000)
 * @param pollOverlap how far before the last seen message a poll starts again (default 5 minutes)
 * @param initialLookback how far back the very first poll of a channel reads (default 30 days):
 *     years of old conversations would spend the daily call budget for days
 * @param tokenRefreshMargin how long before its expiry a token is replaced (default 5 minutes)
 * @param refusedCredentialsHold after eBay refused the refresh token or the client, how long
 *     replies wait before asking for a token again (default 10 minutes; polling pauses until resumed)
 */
public record EbaySettings(URI baseUrl, URI tokenUrl, String clientId, String clientSecret, String refreshToken,
                           String sellerUsername, Integer pageSize, Integer dailyCallBudget, Duration pollOverlap,
                           Duration initialLookback, Duration tokenRefreshMargin, Duration refusedCredentialsHold) {

    static final URI DEFAULT_BASE_URL = URI.create("https://api.ebay.com");
    static final URI DEFAULT_TOKEN_URL = URI.create("https://api.ebay.com/identity/v1/oauth2/token");
    /** eBay's maximum page size for getConversations and getConversation (errorId 355009 above it). */
    static final int MAX_PAGE_SIZE = 50;
    // [U] The Message API's daily quota is not published; 5,000 is the Trading API's default per
    // application. Read the real one with the Developer Analytics API (getRateLimits) and set it.
    static final int DEFAULT_DAILY_CALL_BUDGET = 5_000;

    URI baseUrlOrDefault() {
        return baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    }

    URI tokenUrlOrDefault() {
        return tokenUrl == null ? DEFAULT_TOKEN_URL : tokenUrl;
    }

    int pageSizeOrDefault() {
        return pageSize == null ? MAX_PAGE_SIZE : pageSize;
    }

    int dailyCallBudgetOrDefault() {
        return dailyCallBudget == null ? DEFAULT_DAILY_CALL_BUDGET : dailyCallBudget;
    }

    Duration pollOverlapOrDefault() {
        return pollOverlap == null ? Duration.ofMinutes(5) : pollOverlap;
    }

    Duration initialLookbackOrDefault() {
        return initialLookback == null ? Duration.ofDays(30) : initialLookback;
    }

    Duration tokenRefreshMarginOrDefault() {
        return tokenRefreshMargin == null ? Duration.ofMinutes(5) : tokenRefreshMargin;
    }

    Duration refusedCredentialsHoldOrDefault() {
        return refusedCredentialsHold == null ? Duration.ofMinutes(10) : refusedCredentialsHold;
    }

    /** Whether a message's sender is the seller (eBay usernames are case-insensitive). */
    boolean isSeller(String username) {
        return username != null && sellerUsername != null && username.trim().equalsIgnoreCase(sellerUsername.trim());
    }
}
