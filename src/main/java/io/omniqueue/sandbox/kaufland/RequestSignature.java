package io.omniqueue.sandbox.kaufland;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kaufland's check of a request's signature, written from the published PHP example
 * ({@code hash_hmac('sha256', METHOD\nURI\nBODY\nTIMESTAMP, secret)}, lowercase hex) and kept
 * apart from the connector's signer on purpose, so that a mistake in one is caught by the other.
 */
final class RequestSignature {

    private RequestSignature() {
    }

    static String expected(String secretKey, String method, String uri, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(String.join("\n", method, uri, body, timestamp).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
