package io.omniqueue.channel.mail;

/**
 * UTF-7 (RFC 2152) decoding. Java ships no UTF-7 charset, yet old Outlook versions label subjects and bodies
 * with it, so without this those mails would show "+APY-" instead of "ö".
 */
final class Utf7 {

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Utf7() {
    }

    static String decode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            char c = (char) (bytes[i] & 0xFF);
            i++;
            if (c != '+') {
                out.append(c);
                continue;
            }
            if (i < bytes.length && bytes[i] == '-') {
                out.append('+');
                i++;
                continue;
            }
            // A shifted run: modified base64 of UTF-16BE code units, ended by any non-base64 byte.
            int bits = 0;
            int bitCount = 0;
            while (i < bytes.length && BASE64.indexOf(bytes[i]) >= 0) {
                bits = (bits << 6) | BASE64.indexOf(bytes[i]);
                bitCount += 6;
                if (bitCount >= 16) {
                    bitCount -= 16;
                    out.append((char) ((bits >>> bitCount) & 0xFFFF));
                }
                bits &= (1 << bitCount) - 1;
                i++;
            }
            if (i < bytes.length && bytes[i] == '-') {
                i++;
            }
        }
        return out.toString();
    }
}
