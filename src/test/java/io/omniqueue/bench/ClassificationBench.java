package io.omniqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omniqueue.insight.ClassificationEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Language and reason for writing on the held-out labelled set: per-topic precision and recall,
 * abstention, language accuracy, milliseconds per message, and what building the detector costs.
 * Printed, and written as one JSON object to {@code target/bench/classification.json}.
 * Run with {@code mvn -Pbench verify} (a {@code *Bench} is left out of the normal test run).
 */
class ClassificationBench {

    static final Path LABELLED = Path.of("src/test/resources/evaluation/labelled-messages.tsv");
    static final Path OUTPUT = Path.of("target/bench/classification.json");

    @Test
    void measuresLanguageAndTopicOnTheLabelledSet() throws IOException {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long start = System.nanoTime();
        ClassificationEvaluation evaluation = ClassificationEvaluation.withDefaults();
        double buildMillis = (System.nanoTime() - start) / 1e6;
        System.gc();
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();

        List<ClassificationEvaluation.Labelled> rows = ClassificationEvaluation.read(LABELLED);
        // A first pass warms the JIT, as a running service is; the second is measured.
        evaluation.run(rows);
        ClassificationEvaluation.Result r = evaluation.run(rows);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labelledSet", LABELLED.toString());
        json.put("messages", r.messages());
        json.put("languageJudged", r.languageJudged());
        json.put("languageAccuracy", r.languageAccuracy());
        json.put("languageAccuracyByLanguage", r.languageAccuracyBy());
        json.put("topicDecided", r.decided());
        json.put("topicPrecision", r.topicPrecision());
        json.put("abstention", r.abstention());
        Map<String, Object> topics = new LinkedHashMap<>();
        r.topics().forEach((topic, f) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("labelled", f.labelled());
            t.put("predicted", f.predicted());
            t.put("correct", f.correct());
            t.put("precision", f.precision());
            t.put("recall", f.recall());
            topics.put(topic, t);
        });
        json.put("topics", topics);
        json.put("millisPerMessageP50", r.percentile(r.readMillis(), 50));
        json.put("millisPerMessageP99", r.percentile(r.readMillis(), 99));
        json.put("topicMillisP50", r.percentile(r.topicMillis(), 50));
        json.put("topicMillisP99", r.percentile(r.topicMillis(), 99));
        json.put("detectorBuildMillis", buildMillis);
        json.put("detectorHeapMegabytes", (heapAfter - heapBefore) / (1024 * 1024));
        json.put("processors", runtime.availableProcessors());

        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(OUTPUT.getParent());
        mapper.writeValue(OUTPUT.toFile(), json);
        System.out.println(mapper.writeValueAsString(json));
        r.misses().forEach(m -> System.out.println("miss: " + m));
        assertThat(r.messages()).isPositive();
    }
}
