package io.omniqueue.channel.kaufland;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kaufland's request signature: HMAC-SHA256, keyed with the Secret Key, over
 * {@code METHOD + "\n" + URI + "\n" + BODY + "\n" + TIMESTAMP}, where URI is the full URL as sent
 * (scheme, host, path, query) and BODY the raw JSON text or "" (GET, PATCH without body).
 */
final class KauflandSigner {

    /** How the digest is written in Shop-Signature. */
    enum Encoding { HEX, BASE64 }

    /**
     * [U] Kaufland's official PHP example ({@code hash_hmac}) and its JS/Python clients write lower-case
     * hex; one page's prose says base64. Hex is what works with the official example; if Kaufland ever
     * answers /problems/corrupted-signature to a correct secret, this is the one place to change.
     */
    static final Encoding ENCODING = Encoding.HEX;

    private KauflandSigner() {
    }

    static String sign(String secretKey, String method, String fullUri, String body, long timestamp) {
        String payload = method.toUpperCase(java.util.Locale.ROOT) + "\n" + fullUri + "\n" + (body == null ? "" : body)
                + "\n" + timestamp;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return ENCODING == Encoding.HEX ? HexFormat.of().formatHex(digest) : Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
