package dev.switchboard.webhooks.inbound;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

/** Meta's {@code X-Hub-Signature-256: sha256=<hex>}: HMAC-SHA256 of the raw body with the app secret, compared in constant time. */
final class MetaSignature {

    private static final String PREFIX = "sha256=";

    private MetaSignature() {
    }

    static String sign(String appSecret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** False for a missing, malformed or wrong header. */
    static boolean matches(String appSecret, String header, byte[] body) {
        if (header == null) {
            return false;
        }
        byte[] expected = sign(appSecret, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, header.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
}
