package io.omniqueue.insight;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The language a marketplace's buyers most likely write in: the one place that maps a marketplace
 * ({@code amazon.es}, {@code cdiscount.fr}, {@code kaufland.de}, {@code ebay.es}, {@code carrefour-fr})
 * to a language. The name's last part after a dot or a dash is read as a country; configured names
 * ({@code omniqueue.insight.marketplace-languages}) win. Only a hint: it decides between close
 * candidates, never against a clear text.
 */
public final class MarketplaceLanguage {

    /** Country (or top-level domain) → language, for the countries of the European marketplaces. */
    private static final Map<String, String> COUNTRY = Map.ofEntries(
            Map.entry("es", "es"), Map.entry("mx", "es"),
            Map.entry("fr", "fr"), Map.entry("be", "fr"),
            Map.entry("de", "de"), Map.entry("at", "de"), Map.entry("ch", "de"),
            Map.entry("it", "it"),
            Map.entry("pt", "pt"), Map.entry("br", "pt"),
            Map.entry("uk", "en"), Map.entry("ie", "en"), Map.entry("us", "en"), Map.entry("gb", "en"));

    private final Map<String, String> configured;

    public MarketplaceLanguage(Map<String, String> configured) {
        Map<String, String> lower = new HashMap<>();
        configured.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT)));
        this.configured = Map.copyOf(lower);
    }

    /** @return the language hinted by the marketplace's name, or empty ({@code shop}, {@code amazon.com}) */
    public Optional<String> of(String marketplace) {
        if (marketplace == null || marketplace.isBlank()) {
            return Optional.empty();
        }
        String name = marketplace.toLowerCase(Locale.ROOT);
        if (configured.containsKey(name)) {
            return Optional.of(configured.get(name));
        }
        int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('-'));
        return cut < 0 ? Optional.empty() : Optional.ofNullable(COUNTRY.get(name.substring(cut + 1)));
    }
}
