package io.omniqueue.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding (RFC 3986) to UTF-8 that refuses what it can't decode instead of guessing. */
final class PercentDecoding {

    private PercentDecoding() {
    }

    /**
     * @param what the name of the decoded thing, for the detail ("query parameter 'channel'")
     * @param plusIsSpace true in a query (HTML forms encode a space as '+'), false in a path
     * @throws BadRequestException naming {@code what} and the problem
     */
    static String decode(String what, String encoded, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new BadRequestException(
                            what + " is not validly percent-encoded: '%' must be followed by two hex digits");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return InputRules.decode(what, bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
