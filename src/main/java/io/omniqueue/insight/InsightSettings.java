package io.omniqueue.insight;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How messages are read ({@code omniqueue.insight}); the shop's languages are {@code omniqueue.languages}.
 *
 * @param confidentAbove a detected language whose confidence (its lead over the runner-up in Lingua's
 *     relative values, 0..1) is at least this is trusted: it sets the conversation's language and can
 *     raise a warning about a reply
 * @param hintBelow under this lead, the marketplace's country decides between the close candidates
 * @param marketplaceLanguages marketplace name → language, for names whose ending says no country
 *     ({@code carrefour: fr}); added to, and winning over, the country rule of {@link MarketplaceLanguage}
 * @param topicFiles where the per-language topic phrase files are ({@code classpath:insight/topics/},
 *     or {@code file:config/topics/} for a shop's own corrected copy)
 * @param topicMinimumScore the best topic needs at least this score, else the message abstains ({@code other})
 * @param topicMargin the best topic must lead the second by at least this much, else it abstains
 * @param lowAccuracy Lingua's low-accuracy mode (trigrams only): less memory, worse on short texts
 */
@ConfigurationProperties("omniqueue.insight")
public record InsightSettings(Double confidentAbove, Double hintBelow, Map<String, String> marketplaceLanguages,
                              String topicFiles, Double topicMinimumScore, Double topicMargin, Boolean lowAccuracy) {

    public InsightSettings {
        confidentAbove = confidentAbove == null ? 0.08 : confidentAbove;
        hintBelow = hintBelow == null ? 0.08 : hintBelow;
        marketplaceLanguages = marketplaceLanguages == null ? Map.of() : Map.copyOf(marketplaceLanguages);
        topicFiles = topicFiles == null || topicFiles.isBlank() ? "classpath:insight/topics/" : topicFiles;
        topicMinimumScore = topicMinimumScore == null ? 2.0 : topicMinimumScore;
        topicMargin = topicMargin == null ? 1.0 : topicMargin;
        lowAccuracy = lowAccuracy != null && lowAccuracy;
    }

    /** The defaults, for tests and tools that build the readers without Spring. */
    public static InsightSettings defaults() {
        return new InsightSettings(null, null, null, null, null, null, null);
    }

    /**
     * The languages the shop writes and reads ({@code omniqueue.languages}); detection chooses only among them.
     */
    @ConfigurationProperties("omniqueue")
    public record ShopLanguages(List<String> languages) {

        public static final List<String> DEFAULT = List.of("es", "fr", "en", "de", "it", "pt");

        public ShopLanguages {
            languages = languages == null || languages.isEmpty() ? DEFAULT
                    : languages.stream().map(l -> l.strip().toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        }
    }
}
