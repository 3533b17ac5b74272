package dev.switchboard.load.pipeline;

import dev.switchboard.load.webhooks.WebhookSigner;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** HS256 access tokens for the reference server: its tenant id in one claim, signed with the shared test secret. */
public final class Hs256 {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Hs256() {
    }

    public static String token(String secret, String tenantClaim, String tenantId, Duration ttl) {
        long now = Instant.now().getEpochSecond();
        String header = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT"));
        String claims = encode(new JsonObject().put("sub", UUID.randomUUID().toString()).put(tenantClaim, tenantId)
                .put("iat", now).put("exp", now + ttl.toSeconds()));
        String signed = header + "." + claims;
        byte[] signature = WebhookSigner.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + URL.encodeToString(signature);
    }

    private static String encode(JsonObject json) {
        return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }
}
