package io.omniqueue.insight;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline language detection (Lingua) among the shop's languages only, with the marketplace's
 * country as the tie-breaker when the text alone is unsure. Built once: the models of six
 * languages take about a second and a few hundred megabytes, measured in the README.
 */
public class LanguageDetection {

    private static final Logger log = LoggerFactory.getLogger(LanguageDetection.class);

    /** Under this many letters a text says nothing about its language ("ok", "?"). */
    static final int MIN_LETTERS = 3;

    private final LanguageDetector detector;
    private final MarketplaceLanguage hints;
    private final InsightSettings settings;
    private final List<String> languages;

    public LanguageDetection(List<String> languages, InsightSettings settings) {
        this.settings = settings;
        this.languages = languages;
        this.hints = new MarketplaceLanguage(settings.marketplaceLanguages());
        Language[] chosen = languages.stream().map(LanguageDetection::lingua).toArray(Language[]::new);
        long start = System.nanoTime();
        LanguageDetectorBuilder builder = chosen.length == 1
                ? LanguageDetectorBuilder.fromLanguages(chosen[0], chosen[0] == Language.ENGLISH ? Language.SPANISH : Language.ENGLISH)
                : LanguageDetectorBuilder.fromLanguages(chosen);
        if (settings.lowAccuracy()) {
            builder = builder.withLowAccuracyMode();
        }
        // Loaded now rather than on the first message, so that no customer message waits for it.
        this.detector = builder.withPreloadedLanguageModels().build();
        log.info("Language detection ready for {} in {} ms", languages, (System.nanoTime() - start) / 1_000_000);
    }

    /** The shop's languages, in their configured order. */
    public List<String> languages() {
        return languages;
    }

    /**
     * @param marketplace the conversation's marketplace ({@code amazon.es}), whose country breaks a near tie; may be null
     * @return empty for a text without enough letters to tell
     */
    public Optional<DetectedLanguage> detect(String text, String marketplace) {
        if (text == null || text.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() < MIN_LETTERS) {
            return Optional.empty();
        }
        // Lingua 1.2 gives the best language 1.0 and the others their value relative to it; the
        // lead over the runner-up is how sure it is (0 for a tie, near 1 for a clear text).
        SortedMap<Language, Double> values = detector.computeLanguageConfidenceValues(text);
        List<Map.Entry<Language, Double>> ranked = values.entrySet().stream()
                .sorted(Map.Entry.<Language, Double>comparingByValue().reversed()).toList();
        if (ranked.isEmpty() || ranked.get(0).getValue() <= 0) {
            return hints.of(marketplace).filter(languages::contains).map(l -> new DetectedLanguage(l, 0, true));
        }
        String top = code(ranked.get(0).getKey());
        double lead = ranked.get(0).getValue() - (ranked.size() > 1 ? ranked.get(1).getValue() : 0);
        if (lead < settings.hintBelow()) {
            Optional<String> hint = hints.of(marketplace).filter(languages::contains).filter(h -> !h.equals(top));
            // Only a close candidate: the country never overrules a text that clearly says otherwise.
            if (hint.isPresent() && values.getOrDefault(lingua(hint.get()), 0.0) >= 1 - 2 * settings.hintBelow()) {
                return Optional.of(new DetectedLanguage(hint.get(), lead, true));
            }
        }
        return Optional.of(new DetectedLanguage(top, lead, false));
    }

    /** Whether a detection is sure enough to set a conversation's language or warn about a reply. */
    public boolean confident(DetectedLanguage detected) {
        return detected.confidence() >= settings.confidentAbove();
    }

    static Language lingua(String iso) {
        try {
            return Language.getByIsoCode639_1(IsoCode639_1.valueOf(iso.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("omniqueue.languages: '" + iso + "' is not an ISO 639-1 code Lingua knows", e);
        }
    }

    static String code(Language language) {
        return language.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }
}
