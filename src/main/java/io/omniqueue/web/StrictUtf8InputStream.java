package io.omniqueue.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Passes bytes through while checking that they are UTF-8 as RFC 3629 defines it. Jackson decodes
 * leniently: it reads the overlong {@code C0 AF} as {@code /} and takes bytes above U+10FFFF, so a
 * value could pass every check as one text and be stored as another. The JDK's decoder refuses
 * all of that; we feed it as the bytes go by and throw at the first bad one. A raw NUL byte is
 * refused too: JSON has no place for one (Jackson would take the body for UTF-16 or UTF-32).
 */
final class StrictUtf8InputStream extends FilterInputStream {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The start of a sequence that the next read completes (at most 3 bytes). */
    private byte[] carry = new byte[0];
    private boolean ended;

    StrictUtf8InputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        check(b, off, Math.max(n, 0), n < 0);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes are checked too, else they would split a sequence unseen.
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(byte[] b, int off, int n, boolean end) throws MalformedException {
        if (ended) {
            return;
        }
        for (int i = off; i < off + n; i++) {
            if (b[i] == 0) {
                throw new MalformedException("request body contains a NUL byte: JSON must be sent as UTF-8");
            }
        }
        ByteBuffer in = ByteBuffer.allocate(carry.length + n).put(carry).put(b, off, n).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = decoder.decode(in, out, end);
        if (result.isError() || (end && (in.hasRemaining() || decoder.flush(out).isError()))) {
            throw new MalformedException("request body is not valid UTF-8");
        }
        carry = new byte[in.remaining()];
        in.get(carry);
        ended = end;
    }

    /** The body is not UTF-8; an I/O error to the reader, so that no parser gets further. */
    static final class MalformedException extends IOException {

        MalformedException(String message) {
            super(message);
        }
    }
}
