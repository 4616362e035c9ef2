package io.omniqueue.channel.octopia;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query of one page of {@code GET /discussions}, and the page token a cursor keeps between
 * pages (the next page's query string): a restart mid-run asks for the same page of the same
 * query. Octopia searches at most six months back [D]: no query ever asks for more.
 */
final class OctopiaPage {

    /**
     * Octopia's six months, as days: six calendar months are 181 to 184 days, so 180 days back is
     * inside the window however it is counted, back from now or forward from the start. Counted
     * forward, a start of May 31 ends on Nov 30 (both Java and .NET clamp to the month's last day):
     * "now minus six months" was refused on such days (about six days a year; the simulator's check,
     * and the connector tests run on Nov 30 after 23:00 UTC).
     */
    static final Duration SEARCH_WINDOW = Duration.ofDays(180);
    /** Less a margin, so that a query built now is still inside the window when it arrives. */
    static final Duration WINDOW_MARGIN = Duration.ofHours(1);
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    private OctopiaPage() {
    }

    /** The first page of a run of open discussions updated since {@code since} (null: as far back as allowed). */
    static Map<String, String> first(OctopiaSettings settings, Instant since, Clock clock) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("isOpen", "true");
        if (settings.salesChannel() != null && !settings.salesChannel().isBlank()) {
            query.put("salesChannel", settings.salesChannel());
        }
        Instant oldest = oldestAllowed(clock);
        query.put("updatedAtMin", (since == null || since.isBefore(oldest) ? oldest : since).toString());
        query.put("pageIndex", "1");
        query.put("pageSize", String.valueOf(settings.pageSizeOrDefault()));
        return query;
    }

    static Instant oldestAllowed(Clock clock) {
        return clock.instant().minus(SEARCH_WINDOW).plus(WINDOW_MARGIN);
    }

    /**
     * The next page's token: from the {@code Link: <…>; rel="next"} header when Octopia sends one [U],
     * else the next pageIndex while pages come full; null when this was the last page.
     */
    static String next(Map<String, String> query, String link, int itemsOnPage) {
        if (link != null) {
            Matcher next = NEXT.matcher(link);
            if (next.find()) {
                // Only its query is followed: the host and path stay the configured base URL's.
                String raw = URI.create(next.group(1).trim()).getRawQuery();
                return raw == null || raw.isBlank() ? null : raw;
            }
            return null;
        }
        int pageSize = Integer.parseInt(query.getOrDefault("pageSize", "50"));
        if (itemsOnPage < pageSize) {
            return null;
        }
        Map<String, String> following = new LinkedHashMap<>(query);
        following.put("pageIndex", String.valueOf(Integer.parseInt(query.getOrDefault("pageIndex", "1")) + 1));
        return token(following);
    }

    static String token(Map<String, String> query) {
        return query.entrySet().stream().map(e -> e.getKey() + "=" + OctopiaHttp.encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> fromToken(String token) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : token.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }
}
