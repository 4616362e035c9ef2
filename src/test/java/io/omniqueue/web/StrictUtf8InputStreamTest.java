package io.omniqueue.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8InputStreamTest {

    private static final byte[] OVERLONG_SLASH = json(0xC0, 0xAF);

    @Test
    void jacksonAloneReadsAnOverlongSequenceAsASlash() throws IOException {
        // Why the stream exists: the same bytes would pass every check as one text and be stored as another.
        assertThat(new ObjectMapper().readTree(OVERLONG_SLASH).get("id").asText()).isEqualTo("a/b");
    }

    @Test
    void jacksonThroughTheStreamRefusesIt() {
        assertThatThrownBy(() -> new ObjectMapper().readTree(new StrictUtf8InputStream(new ByteArrayInputStream(OVERLONG_SLASH))))
                .isInstanceOf(StrictUtf8InputStream.MalformedException.class)
                .hasMessage("request body is not valid UTF-8");
    }

    @Test
    void everyMalformedFormIsRefused() {
        int[][] malformed = {{0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0x80}, {0xFF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
                {0xC3}, {0xE2, 0x82}};
        for (int[] bytes : malformed) {
            assertThatThrownBy(() -> readAll(json(bytes), 8192)).as(java.util.Arrays.toString(bytes))
                    .isInstanceOf(StrictUtf8InputStream.MalformedException.class);
        }
    }

    @Test
    void aSequenceCutAtTheEndOfTheBodyIsRefused() {
        byte[] cut = {'"', 'a', (byte) 0xE2, (byte) 0x82};
        assertThatThrownBy(() -> readAll(cut, 8192)).hasMessage("request body is not valid UTF-8");
    }

    @Test
    void aRawNulByteIsRefused() {
        assertThatThrownBy(() -> readAll(json(0x00), 8192)).hasMessageContaining("NUL byte");
    }

    @Test
    void validTextPassesUnchangedWhateverTheReadSizes() throws IOException {
        byte[] text = "{\"name\":\"Zoë, Łukasz, 東京, 😀\"}".getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 3, 5, 8192}) {
            assertThat(readAll(text, chunk)).as("chunks of " + chunk).isEqualTo(text);
        }
    }

    private static byte[] readAll(byte[] body, int chunk) throws IOException {
        try (InputStream in = new StrictUtf8InputStream(new ByteArrayInputStream(body))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[chunk];
            int n;
            while ((n = in.read(buffer, 0, chunk)) >= 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static byte[] json(int... middle) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("{\"id\":\"a".getBytes(StandardCharsets.UTF_8));
        for (int b : middle) {
            out.write(b);
        }
        out.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
