package io.omniqueue.insight;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * What the classifier knows, read from one file per language ({@code es.tsv}): lines of
 * {@code topic<TAB>weight<TAB>phrase}; {@code #} starts a comment. A phrase is one or more words,
 * compared accent- and case-folded; a word ending in {@code *} is a stem ({@code reembols*} matches
 * {@code reembolso}, {@code reembolsar}). A shop corrects the classifier by editing these files.
 */
final class TopicPhrases {

    /** One phrase of a file: its folded words (stems keep their {@code *}) and what it says for which topic. */
    record Phrase(Topic topic, double weight, List<String> words, String source) {
    }

    private TopicPhrases() {
    }

    /** @return each language's phrases; a language without a file has none (its messages abstain) */
    static Map<String, List<Phrase>> load(String location, List<String> languages) {
        var loader = new DefaultResourceLoader();
        Map<String, List<Phrase>> byLanguage = new HashMap<>();
        String base = location.endsWith("/") ? location : location + "/";
        for (String language : languages) {
            Resource file = loader.getResource(base + language + ".tsv");
            if (file.exists()) {
                byLanguage.put(language, read(file));
            }
        }
        return byLanguage;
    }

    private static List<Phrase> read(Resource file) {
        List<Phrase> phrases = new ArrayList<>();
        // Two spellings that fold to the same words ("envío", "envio") are one phrase, counted once.
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (var in = new BufferedReader(new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                if (text.isBlank()) {
                    continue;
                }
                String[] cells = text.split("\t+");
                if (cells.length != 3) {
                    throw new IllegalStateException(file.getDescription() + " line " + number
                            + ": expected topic<TAB>weight<TAB>phrase, found '" + line + "'");
                }
                String where = file.getDescription() + " line " + number;
                Topic topic = Topic.of(cells[0].strip()).orElseThrow(() -> new IllegalStateException(
                        where + ": unknown topic '" + cells[0].strip() + "'"));
                double weight = Double.parseDouble(cells[1].strip());
                List<String> words = new ArrayList<>();
                for (String raw : cells[2].strip().split("\\s+")) {
                    boolean stem = raw.endsWith("*");
                    List<String> folded = TextFolding.words(stem ? raw.substring(0, raw.length() - 1) : raw);
                    for (int i = 0; i < folded.size(); i++) {
                        words.add(stem && i == folded.size() - 1 ? folded.get(i) + "*" : folded.get(i));
                    }
                }
                if (!words.isEmpty() && seen.add(topic + " " + words)) {
                    phrases.add(new Phrase(topic, weight, List.copyOf(words), cells[2].strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getDescription(), e);
        }
        return phrases;
    }
}
