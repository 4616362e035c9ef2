package io.omniqueue.insight;

import io.omniqueue.insight.TopicPhrases.Phrase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A transparent reason-for-writing classifier: it adds the weights of the phrases of the data files
 * ({@link TopicPhrases}) that a message contains, and takes the best topic only when it scores
 * enough and leads the runner-up by a margin; otherwise it abstains ({@link Topic#OTHER}).
 * "Thanks" counts only when no other topic is clear on its own: a "thank you in advance" does not
 * make a question a thank-you note.
 */
public class TopicClassifier {

    private final Map<String, Index> byLanguage = new HashMap<>();
    private final Index everyLanguage;
    private final double minimumScore;
    private final double margin;

    public TopicClassifier(List<String> languages, InsightSettings settings) {
        Map<String, List<Phrase>> phrases = TopicPhrases.load(settings.topicFiles(), languages);
        List<Phrase> all = new ArrayList<>();
        phrases.forEach((language, list) -> {
            byLanguage.put(language, new Index(list));
            all.addAll(list);
        });
        this.everyLanguage = new Index(all);
        this.minimumScore = settings.topicMinimumScore();
        this.margin = settings.topicMargin();
    }

    /**
     * @param language the message's language, or null when unknown (then every language's phrases count)
     */
    public TopicGuess classify(String text, String language) {
        if (text == null || text.isBlank()) {
            return new TopicGuess(Topic.OTHER, 0, 0, List.of());
        }
        Index index = language == null ? everyLanguage : byLanguage.getOrDefault(language, everyLanguage);
        List<String> words = TextFolding.words(text);
        Set<Phrase> found = index.find(words);
        Map<Topic, Double> scores = new EnumMap<>(Topic.class);
        for (Phrase p : found) {
            scores.merge(p.topic(), p.weight(), Double::sum);
        }
        // A topic that would be chosen on its own outranks the courtesy around it.
        boolean somethingElse = scores.entrySet().stream()
                .anyMatch(e -> e.getKey() != Topic.THANKS && e.getValue() >= minimumScore + margin);
        if (somethingElse) {
            scores.remove(Topic.THANKS);
        }
        Topic best = Topic.OTHER;
        double first = 0;
        double second = 0;
        for (var e : scores.entrySet()) {
            if (e.getValue() > first) {
                second = first;
                first = e.getValue();
                best = e.getKey();
            } else if (e.getValue() > second) {
                second = e.getValue();
            }
        }
        Topic chosen = best;
        List<String> matched = found.stream().filter(p -> p.topic() == chosen).map(Phrase::source).toList();
        if (first < minimumScore || first - second < margin) {
            return new TopicGuess(Topic.OTHER, first, first - second, matched);
        }
        return new TopicGuess(best, first, first - second, matched);
    }

    /** The phrases by their first word: exact words by the word, stems by their stem. */
    private static final class Index {

        private final Map<String, List<Phrase>> byWord = new HashMap<>();
        private final Map<String, List<Phrase>> byStem = new HashMap<>();
        private final int longestStem;

        Index(List<Phrase> phrases) {
            int longest = 0;
            for (Phrase p : phrases) {
                String first = p.words().get(0);
                if (first.endsWith("*")) {
                    String stem = first.substring(0, first.length() - 1);
                    byStem.computeIfAbsent(stem, k -> new ArrayList<>()).add(p);
                    longest = Math.max(longest, stem.length());
                } else {
                    byWord.computeIfAbsent(first, k -> new ArrayList<>()).add(p);
                }
            }
            this.longestStem = longest;
        }

        Set<Phrase> find(List<String> words) {
            Set<Phrase> found = new LinkedHashSet<>();
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                check(byWord.get(word), words, i, found);
                for (int n = 1; n <= Math.min(word.length(), longestStem); n++) {
                    check(byStem.get(word.substring(0, n)), words, i, found);
                }
            }
            return found;
        }

        private static void check(List<Phrase> candidates, List<String> words, int start, Set<Phrase> found) {
            if (candidates == null) {
                return;
            }
            for (Phrase p : candidates) {
                if (!found.contains(p) && matchesAt(p.words(), words, start)) {
                    found.add(p);
                }
            }
        }

        private static boolean matchesAt(List<String> phrase, List<String> words, int start) {
            if (start + phrase.size() > words.size()) {
                return false;
            }
            for (int k = 0; k < phrase.size(); k++) {
                String want = phrase.get(k);
                String have = words.get(start + k);
                boolean ok = want.endsWith("*") ? have.startsWith(want.substring(0, want.length() - 1)) : have.equals(want);
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }
}
