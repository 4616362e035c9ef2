package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputTextTest {

    @Test
    void aLineTakesNoControlCharacterAtAll() {
        assertThat(InputText.lineProblem("order 42 · Zoë 😀", 100)).isEmpty();
        assertThat(InputText.lineProblem("a\tb", 100)).contains("contains the control character U+0009");
        assertThat(InputText.lineProblem("a\u0085", 100)).contains("contains the control character U+0085");
        assertThat(InputText.lineProblem("a\u007f", 100)).contains("contains the control character U+007F");
    }

    @Test
    void aTextKeepsTabsAndLineBreaksButNoOtherControl() {
        assertThat(InputText.textProblem("Hello,\r\n\tthanks", 100)).isEmpty();
        assertThat(InputText.textProblem("Hello\u0000", 100)).contains("contains the control character U+0000");
        assertThat(InputText.textProblem("\u001b[31m", 100)).contains("contains the control character U+001B");
    }

    @Test
    void aRawPayloadOnlyLosesWhatCannotBeStored() {
        assertThat(InputText.storableProblem("\u001b$B mail in ISO-2022-JP \f", 100)).isEmpty();
        assertThat(InputText.storableProblem("{}\u0000", 100)).contains("contains the control character U+0000");
    }

    @Test
    void unpairedSurrogatesAreRefusedEverywhereAndPairsAreFine() {
        assertThat(InputText.lineProblem("\ud83d\ude00", 100)).isEmpty();
        assertThat(InputText.lineProblem("a\ud83d", 100)).contains("contains an unpaired surrogate (U+D83D), which is not valid Unicode");
        assertThat(InputText.textProblem("\ude00a", 100)).contains("contains an unpaired surrogate (U+DE00), which is not valid Unicode");
        assertThat(InputText.storableProblem("\ude00\ud83d", 100)).isPresent();
    }

    @Test
    void lengthIsTheColumnsAndNullIsNoProblem() {
        assertThat(InputText.lineProblem("x".repeat(200), 200)).isEmpty();
        assertThat(InputText.lineProblem("x".repeat(201), 200)).contains("is longer than 200 characters");
        assertThat(InputText.lineProblem(null, 1)).isEmpty();
    }
}
