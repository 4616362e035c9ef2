package io.omniqueue.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lingua limited to the shop's languages, with the marketplace's country as the tie-breaker. */
class LanguageDetectionTest {

    static LanguageDetection detection;

    @BeforeAll
    static void build() {
        detection = new LanguageDetection(InsightSettings.ShopLanguages.DEFAULT, InsightSettings.defaults());
    }

    @Test
    void eachOfTheShopsLanguagesIsRecognisedWithConfidence() {
        Map<String, String> texts = Map.of(
                "es", "Hola, el paquete todavía no ha llegado y ya han pasado dos semanas.",
                "fr", "Bonjour, le colis n'est toujours pas arrivé alors que deux semaines sont passées.",
                "en", "Hello, the parcel still has not arrived although two weeks have passed.",
                "de", "Hallo, das Paket ist immer noch nicht angekommen, obwohl zwei Wochen vergangen sind.",
                "it", "Buongiorno, il pacco non è ancora arrivato e sono passate due settimane.",
                "pt", "Olá, a encomenda ainda não chegou e já passaram duas semanas.");
        texts.forEach((language, text) -> {
            DetectedLanguage d = detection.detect(text, null).orElseThrow();
            assertThat(d.language()).as(text).isEqualTo(language);
            assertThat(detection.confident(d)).as(text).isTrue();
            assertThat(d.hinted()).isFalse();
        });
    }

    @Test
    void theMarketplacesCountryDecidesBetweenCloseCandidates() {
        // "pedido" is Spanish and Portuguese alike: the marketplace says which customers write
        assertThat(detection.detect("pedido", "amazon.es").orElseThrow())
                .satisfies(d -> assertThat(d.language()).isEqualTo("es"))
                .satisfies(d -> assertThat(d.hinted()).isTrue());
        assertThat(detection.detect("pedido", "amazon.pt").orElseThrow().language()).isEqualTo("pt");
        assertThat(detection.detect("Merci", "cdiscount.fr").orElseThrow().language()).isEqualTo("fr");
    }

    @Test
    void theCountryNeverOverrulesAClearText() {
        DetectedLanguage d = detection.detect("Hallo, das Paket ist immer noch nicht angekommen.", "amazon.es").orElseThrow();
        assertThat(d.language()).isEqualTo("de");
        assertThat(d.hinted()).isFalse();
    }

    @Test
    void aTextWithoutEnoughLettersHasNoLanguage() {
        assertThat(detection.detect("12345 ?!", null)).isEmpty();
        assertThat(detection.detect("ok", null)).isEmpty();
    }

    @Test
    void onlyTheConfiguredLanguagesAreCandidates() {
        LanguageDetection spanishAndEnglish = new LanguageDetection(List.of("es", "en"), InsightSettings.defaults());
        // Italian text, but the shop reads only Spanish and English
        assertThat(spanishAndEnglish.detect("Buongiorno, il pacco non è ancora arrivato.", null).orElseThrow().language())
                .isIn("es", "en");
    }

    @Test
    void marketplaceNamesMapToTheirCountrysLanguageInOnePlace() {
        MarketplaceLanguage hints = new MarketplaceLanguage(Map.of("carrefour", "fr"));
        assertThat(hints.of("amazon.es")).contains("es");
        assertThat(hints.of("cdiscount.fr")).contains("fr");
        assertThat(hints.of("kaufland.de")).contains("de");
        assertThat(hints.of("ebay.es")).contains("es");
        assertThat(hints.of("amazon.co.uk")).contains("en");
        assertThat(hints.of("carrefour-fr")).contains("fr");
        assertThat(hints.of("carrefour")).contains("fr");
        assertThat(hints.of("shop")).isEmpty();
        assertThat(hints.of("amazon.com")).isEmpty();
    }
}
