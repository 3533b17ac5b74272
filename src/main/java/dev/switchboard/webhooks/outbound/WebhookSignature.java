package dev.switchboard.webhooks.outbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: secrets are {@code whsec_} + base64 of 32 random bytes, and a message is
 * signed as {@code v1,} + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")).
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value. */
    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        return sign(secret, messageId, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code webhook-signature} header value over the raw body bytes (receivers verify with this, so the
     * bytes are never re-encoded). Fails with IllegalArgumentException when the secret is not base64.
     */
    public static String sign(String secret, String messageId, long timestampSeconds, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
