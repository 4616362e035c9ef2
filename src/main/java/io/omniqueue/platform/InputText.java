package io.omniqueue.platform;

import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * What text we accept from outside, whatever the way in (API, poller). Both databases must store
 * it as it came: PostgreSQL refuses U+0000 and can't encode an unpaired UTF-16 surrogate (its
 * driver turns it into {@code ?}, so two different ids would become one). Control characters in
 * an id or a name are never meant; they are how a value is made to look like another.
 */
public final class InputText {

    private InputText() {
    }

    /**
     * Ids, names, header values: longer than the column, any control character (C0, DEL, C1) or an
     * unpaired surrogate is a problem, worded to follow the field's name.
     */
    public static Optional<String> lineProblem(String value, int maxLength) {
        return problem(value, maxLength, c -> false);
    }

    /** Message bodies and reasons: tabs and line breaks are fine, other control characters are not. */
    public static Optional<String> textProblem(String value, int maxLength) {
        return problem(value, maxLength, c -> c == '\t' || c == '\n' || c == '\r');
    }

    /** Raw payloads kept as they came (a mail may carry ESC, form feeds...): only what can't be stored. */
    public static Optional<String> storableProblem(String value, int maxLength) {
        return problem(value, maxLength, c -> c != '\u0000');
    }

    /**
     * A header value as its sender wrote it: Tomcat reads header bytes as ISO-8859-1, so a name
     * sent in UTF-8 ("Łukasz") arrives as Latin-1 pairs; when the bytes are valid UTF-8 that is
     * what they meant. Otherwise the value is kept as Tomcat read it.
     */
    public static String headerAsSent(String latin1) {
        if (latin1 == null) {
            return null;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return latin1;
        }
    }

    private static Optional<String> problem(String value, int maxLength, IntPredicate allowedControl) {
        if (value == null) {
            return Optional.empty();
        }
        // length() counts UTF-16 units, never fewer than the characters both databases count.
        if (value.length() > maxLength) {
            return Optional.of("is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate (U+%04X), which is not valid Unicode".formatted((int) c));
            } else if (Character.isISOControl(c) && !allowedControl.test(c)) {
                return Optional.of("contains the control character U+%04X".formatted((int) c));
            }
        }
        return Optional.empty();
    }
}
