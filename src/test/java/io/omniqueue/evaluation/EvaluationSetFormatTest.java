package io.omniqueue.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The held-out evaluation set (issue 13, item 5) stays usable as a measurement: one well-formed
 * message a line, every language of the shop with enough messages, every topic in every
 * language. A measurement on a set that silently lost a language or a topic would look better
 * than it is.
 */
class EvaluationSetFormatTest {

    static final String RESOURCE = "/evaluation/labelled-messages.tsv";
    static final String HEADER = "language\ttopic\ttext";
    static final Set<String> LANGUAGES = Set.of("es", "fr", "en", "de", "it", "pt");
    static final Set<String> TOPICS = Set.of("where-is-my-order", "delivery-problem", "damaged",
            "wrong-item", "size-or-fit", "return-refund", "cancel", "stock-availability", "promo-code",
            "invoice", "product-question", "thanks", "other");
    /** The brief asks for at least 70 a language; issue 13 asks for at least 60. */
    static final int MIN_PER_LANGUAGE = 70;

    record Labelled(String language, String topic, String text) {
    }

    private static List<String> lines;

    @BeforeAll
    static void readStrictUtf8() throws IOException {
        try (InputStream in = EvaluationSetFormatTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            String content = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(in.readAllBytes()))
                    .toString();
            lines = content.lines().toList();
        } catch (CharacterCodingException e) {
            throw new AssertionError(RESOURCE + " is not valid UTF-8", e);
        }
    }

    static List<Labelled> messages() {
        return lines.stream().skip(1).map(line -> {
            String[] cells = line.split("\t", -1);
            assertThat(cells).as("three tab-separated cells in: %s", line).hasSize(3);
            return new Labelled(cells[0], cells[1], cells[2]);
        }).toList();
    }

    @Test
    void theFileStartsWithTheHeaderAndHasOneMessageOnEveryLine() {
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(messages()).allSatisfy(m -> {
            assertThat(m.language()).isIn(LANGUAGES);
            assertThat(m.topic()).isIn(TOPICS);
            assertThat(m.text()).isNotBlank().isEqualTo(m.text().strip());
        });
    }

    @Test
    void everyLanguageHasEnoughMessagesAndEveryTopic() {
        Map<String, List<Labelled>> byLanguage = messages().stream()
                .collect(Collectors.groupingBy(Labelled::language));
        assertThat(byLanguage).containsOnlyKeys(LANGUAGES);
        byLanguage.forEach((language, labelled) -> {
            assertThat(labelled).as("messages in %s", language).hasSizeGreaterThanOrEqualTo(MIN_PER_LANGUAGE);
            assertThat(labelled.stream().map(Labelled::topic).collect(Collectors.toSet()))
                    .as("topics in %s", language).isEqualTo(TOPICS);
        });
    }

    @Test
    void noMessageIsCountedTwice() {
        List<String> texts = messages().stream().map(Labelled::text).toList();
        assertThat(texts).doesNotHaveDuplicates();
    }
}
