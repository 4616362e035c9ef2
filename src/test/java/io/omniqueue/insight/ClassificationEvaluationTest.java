package io.omniqueue.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The targets on the held-out labelled set, which another engineer wrote without seeing the
 * classifier: language at least 97 % on messages of 20 characters or more, topic precision at least
 * 85 % where the classifier does not abstain, abstention under 25 %. The full figures, per topic
 * and with timings, come from {@code ClassificationBench}.
 */
class ClassificationEvaluationTest {

    static ClassificationEvaluation.Result result;

    @BeforeAll
    static void evaluate() {
        List<ClassificationEvaluation.Labelled> rows = ClassificationEvaluation.read(
                Path.of("src/test/resources/evaluation/labelled-messages.tsv"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(6 * 60);
        result = ClassificationEvaluation.withDefaults().run(rows);
    }

    @Test
    void theLanguageIsRightForAtLeast97PercentOfMessagesOf20CharactersOrMore() {
        assertThat(result.languageAccuracy()).as(result.misses().toString()).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void theTopicIsRightForAtLeast85PercentOfTheMessagesItDecides() {
        assertThat(result.topicPrecision()).as(result.misses().toString()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void theClassifierAbstainsOnLessThanAQuarterOfTheMessages() {
        assertThat(result.abstention()).as(result.misses().toString()).isLessThan(0.25);
    }

    @Test
    void everyLanguageOfTheSetIsMeasured() {
        assertThat(result.languageAccuracyBy()).containsKeys("es", "fr", "en", "de", "it", "pt");
    }
}
