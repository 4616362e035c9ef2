package io.omniqueue.insight;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form both the phrase files and the messages are compared in: lower case, accents off
 * ({@code envío} → {@code envio}, {@code größe} → {@code grosse}), words of letters and digits.
 * So a file written with or without accents, and a customer typing with or without them, meet.
 */
final class TextFolding {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TextFolding() {
    }

    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace("ß", "ss").replace("œ", "oe").replace("æ", "ae");
        return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
    }

    /** The folded words of a text; an apostrophe splits ({@code l'article} → {@code l}, {@code article}). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : NOT_WORD.split(fold(text))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
