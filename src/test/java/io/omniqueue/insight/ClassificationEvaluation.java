package io.omniqueue.insight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the language detector and the topic classifier over a labelled file
 * ({@code language<TAB>topic<TAB>text}, an optional header line) and measures them the way the
 * README states the figures: language accuracy on texts of at least 20 characters; topic precision
 * where the classifier did not abstain, abstention over all messages (an "other" it gave counts as an
 * abstention even where "other" was right), and per-topic precision and recall; milliseconds per message.
 */
public final class ClassificationEvaluation {

    /** The issue's cut for language accuracy: shorter texts don't say their language reliably. */
    public static final int LANGUAGE_MIN_LENGTH = 20;

    public record Labelled(String language, String topic, String text) {
    }

    public record TopicFigures(long labelled, long predicted, long correct) {

        public Double precision() {
            return predicted == 0 ? null : (double) correct / predicted;
        }

        public Double recall() {
            return labelled == 0 ? null : (double) correct / labelled;
        }
    }

    /**
     * @param languageAccuracy over messages of at least {@link #LANGUAGE_MIN_LENGTH} characters
     * @param topicPrecision correct / decided, where decided excludes the abstentions
     * @param abstention share of all messages the classifier answered {@code other}
     * @param readMillis per message, language and topic together, sorted
     * @param topicMillis per message, the topic alone, sorted
     * @param misses what went wrong, for the people improving the phrase files
     */
    public record Result(int messages, int languageJudged, double languageAccuracy, Map<String, Double> languageAccuracyBy,
                         int decided, double topicPrecision, double abstention, Map<String, TopicFigures> topics,
                         double[] readMillis, double[] topicMillis, List<String> misses) {

        public double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private final LanguageDetection languages;
    private final TopicClassifier topics;

    private ClassificationEvaluation(LanguageDetection languages, TopicClassifier topics) {
        this.languages = languages;
        this.topics = topics;
    }

    /** The detector and the classifier as the service builds them by default (six languages, shipped phrase files). */
    public static ClassificationEvaluation withDefaults() {
        InsightSettings settings = InsightSettings.defaults();
        List<String> shop = InsightSettings.ShopLanguages.DEFAULT;
        return new ClassificationEvaluation(new LanguageDetection(shop, settings), new TopicClassifier(shop, settings));
    }

    public static List<Labelled> read(Path file) {
        try {
            List<Labelled> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", 3);
                if (cells.length < 3 || cells[0].equalsIgnoreCase("language")) {
                    continue;
                }
                rows.add(new Labelled(cells[0].strip(), cells[1].strip(), cells[2].strip()));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result run(List<Labelled> rows) {
        Map<String, TopicFigures> perTopic = new LinkedHashMap<>();
        Topic.keys().forEach(k -> perTopic.put(k, new TopicFigures(0, 0, 0)));
        Map<String, int[]> perLanguage = new LinkedHashMap<>();
        int judged = 0;
        int languageRight = 0;
        int decided = 0;
        int right = 0;
        int abstained = 0;
        double[] read = new double[rows.size()];
        double[] topic = new double[rows.size()];
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Labelled row = rows.get(i);
            long start = System.nanoTime();
            String detected = languages.detect(row.text(), null).map(DetectedLanguage::language).orElse(null);
            long between = System.nanoTime();
            TopicGuess guess = topics.classify(row.text(), detected);
            long end = System.nanoTime();
            read[i] = (end - start) / 1e6;
            topic[i] = (end - between) / 1e6;
            if (row.text().length() >= LANGUAGE_MIN_LENGTH) {
                judged++;
                int[] counts = perLanguage.computeIfAbsent(row.language(), k -> new int[2]);
                counts[1]++;
                if (row.language().equals(detected)) {
                    languageRight++;
                    counts[0]++;
                } else {
                    misses.add("language " + row.language() + " → " + detected + ": " + row.text());
                }
            }
            String predicted = guess.topic().key();
            perTopic.computeIfPresent(row.topic(), (k, f) -> new TopicFigures(f.labelled() + 1, f.predicted(), f.correct()));
            if (guess.topic() == Topic.OTHER) {
                abstained++;
                // "other" is the abstention: its precision says how many abstentions were right to abstain.
                boolean rightToAbstain = row.topic().equals(Topic.OTHER.key());
                perTopic.computeIfPresent(Topic.OTHER.key(), (k, f) -> new TopicFigures(f.labelled(), f.predicted() + 1,
                        f.correct() + (rightToAbstain ? 1 : 0)));
                if (!row.topic().equals(Topic.OTHER.key())) {
                    misses.add("abstained on " + row.topic() + " (score " + guess.score() + ", margin " + guess.margin() + "): "
                            + row.text());
                }
            } else {
                decided++;
                boolean ok = predicted.equals(row.topic());
                right += ok ? 1 : 0;
                perTopic.computeIfPresent(predicted, (k, f) -> new TopicFigures(f.labelled(), f.predicted() + 1,
                        f.correct() + (ok ? 1 : 0)));
                if (!ok) {
                    misses.add("topic " + row.topic() + " → " + predicted + " " + guess.matched() + ": " + row.text());
                }
            }
        }
        Arrays.sort(read);
        Arrays.sort(topic);
        Map<String, Double> byLanguage = new LinkedHashMap<>();
        perLanguage.forEach((l, c) -> byLanguage.put(l, (double) c[0] / c[1]));
        return new Result(rows.size(), judged, judged == 0 ? 0 : (double) languageRight / judged, byLanguage, decided,
                decided == 0 ? 0 : (double) right / decided, rows.isEmpty() ? 0 : (double) abstained / rows.size(), perTopic,
                read, topic, misses);
    }
}
