package io.omniqueue.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The phrase-file classifier on its own: folding, stems, the abstention rule, and our own development examples. */
class TopicClassifierTest {

    static TopicClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = new TopicClassifier(InsightSettings.ShopLanguages.DEFAULT, InsightSettings.defaults());
    }

    @Test
    void accentsAndCaseDoNotMatter() {
        assertThat(classifier.classify("DONDE ESTA MI PEDIDO", "es").topic()).isEqualTo(Topic.WHERE_IS_MY_ORDER);
        assertThat(classifier.classify("¿Dónde está mi pedido?", "es").topic()).isEqualTo(Topic.WHERE_IS_MY_ORDER);
        assertThat(classifier.classify("Die Größe passt nicht, viel zu groß", "de").topic()).isEqualTo(Topic.SIZE_OR_FIT);
    }

    @Test
    void aStemMatchesEveryEndingOfItsWord() {
        TopicGuess guess = classifier.classify("Quiero que me reembolséis el importe", "es");
        assertThat(guess.topic()).isEqualTo(Topic.RETURN_REFUND);
        assertThat(guess.matched()).contains("reembols*");
    }

    @Test
    void aMessageWithoutAClearReasonAbstains() {
        assertThat(classifier.classify("Hola, buenas tardes.", "es").topic()).isEqualTo(Topic.OTHER);
        // two reasons of the same weight: neither leads by the margin
        TopicGuess tie = classifier.classify("refund, cancel", "en");
        assertThat(tie.topic()).isEqualTo(Topic.OTHER);
        assertThat(tie.margin()).isLessThan(InsightSettings.defaults().topicMargin());
    }

    @Test
    void thanksAroundAQuestionDoesNotMakeItAThankYou() {
        assertThat(classifier.classify("Where is my order? Thanks a lot in advance!", "en").topic()).isEqualTo(Topic.WHERE_IS_MY_ORDER);
        assertThat(classifier.classify("Thanks a lot, all good!", "en").topic()).isEqualTo(Topic.THANKS);
    }

    @Test
    void anUnknownLanguageUsesEveryLanguagesPhrases() {
        assertThat(classifier.classify("code promo ne fonctionne pas", null).topic()).isEqualTo(Topic.PROMO_CODE);
    }

    @Test
    void ourOwnDevelopmentExamplesAreClassifiedWellInEveryLanguage() {
        List<ClassificationEvaluation.Labelled> rows = ClassificationEvaluation.read(
                Path.of("src/test/resources/insight/development-messages.tsv"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(6 * 24);
        ClassificationEvaluation.Result result = ClassificationEvaluation.withDefaults().run(rows);
        assertThat(result.languageAccuracy()).as(result.misses().toString()).isGreaterThanOrEqualTo(0.97);
        assertThat(result.topicPrecision()).as(result.misses().toString()).isGreaterThanOrEqualTo(0.95);
        assertThat(result.abstention()).as(result.misses().toString()).isLessThan(0.05);
    }

    @Test
    void aMessageIsClassifiedInUnderFiveMilliseconds() {
        String text = "Bonjour, j'ai commandé une robe il y a deux semaines et je n'ai toujours rien reçu, le suivi "
                + "ne bouge plus depuis lundi. Pouvez-vous me dire où en est ma commande ? Merci d'avance.";
        for (int i = 0; i < 2000; i++) {
            classifier.classify(text, "fr");
        }
        long start = System.nanoTime();
        int runs = 2000;
        for (int i = 0; i < runs; i++) {
            classifier.classify(text, "fr");
        }
        double millis = (System.nanoTime() - start) / 1e6 / runs;
        assertThat(millis).isLessThan(5.0);
    }
}
