package dev.switchboard.realtime;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** The {@code exp} of an access token that has already been verified, so the gateway can close at that moment. */
final class TokenExpiry {

    private TokenExpiry() {
    }

    /** The expiry instant; the verifier guaranteed a numeric {@code exp}, so a failure here is a bug. */
    static Instant of(String verifiedToken) {
        String[] parts = verifiedToken.split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return Instant.ofEpochSecond(claims.getLong("exp"));
    }
}
