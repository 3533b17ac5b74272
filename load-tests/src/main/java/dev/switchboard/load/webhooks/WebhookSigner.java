package dev.switchboard.load.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs load-test deliveries the way the providers do: Svix/Standard Webhooks for Resend
 * ({@code v1,base64(HMAC-SHA256(base64-decoded secret, id.timestamp.body))}) and Meta's
 * {@code sha256=hex(HMAC-SHA256(app secret, body))}.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    public static String svix(String whsec, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(whsec.startsWith("whsec_") ? whsec.substring(6) : whsec);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    public static String meta(String appSecret, String body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(appSecret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** hex(HMAC-SHA256(key, data)): the reference server's {@code x-signature: sha256=...} and its per-tenant key. */
    public static String hmacSha256Hex(byte[] key, byte[] data) {
        return HexFormat.of().formatHex(hmac(key, data));
    }

    /** HMAC-SHA256(key, data). */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        return hmac(key, data);
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
