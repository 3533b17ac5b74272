package dev.switchboard.auth;

import dev.switchboard.platform.config.AuthConfig;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Role;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

/**
 * Issues and verifies ES256 access tokens. Verification accepts only ES256 signatures by a published
 * key (matching {@code kid}), the configured issuer and audience, and an {@code exp} in the future.
 */
public final class AccessTokens {

    private final JWTAuth jwt;
    private final Cache<String, Claims> verified;
    private final JWTOptions signing;
    private final JsonObject jwks;
    private final long ttlSeconds;

    public AccessTokens(Vertx vertx, List<SigningKey> keys, AuthConfig config) {
        this.ttlSeconds = config.accessTokenTtl().toSeconds();
        JWTOptions verifying = new JWTOptions()
                .setAlgorithm("ES256")
                .setIssuer(config.issuer())
                .setAudience(List.of(config.audience()))
                .setLeeway(0);
        JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(verifying);
        JsonArray published = new JsonArray();
        for (SigningKey key : keys) {
            options.addJwk(key.privateJwk());
            published.add(key.publicJwk());
        }
        this.jwt = JWTAuth.create(vertx, options);
        this.verified = Caffeine.newBuilder().maximumSize(50_000).expireAfter(new UntilExpiry()).build();
        this.signing = new JWTOptions()
                .setAlgorithm("ES256")
                .setIssuer(config.issuer())
                .setAudience(List.of(config.audience()))
                .setExpiresInSeconds((int) ttlSeconds);
        this.jwks = new JsonObject().put("keys", published);
    }

    /** A signed access token for one session of one user. */
    public String issue(UUID tenantId, UUID userId, Role role, UUID sessionId) {
        JsonObject claims = new JsonObject()
                .put("sub", userId.toString())
                .put("tid", tenantId.toString())
                .put("role", role.wire())
                .put("sid", sessionId.toString())
                .put("jti", Ids.next().toString());
        String token = jwt.generateToken(claims, signing);
        // Signed here a moment ago: this node trusts it without checking its own signature (the first request or
        // socket of a session would otherwise pay an ES256 verification); other nodes verify it once, as any token.
        verified.put(token, new Claims(tenantId, userId, sessionId, expiry(token)));
        return token;
    }

    /** The {@code exp} of a token this node just signed, read from its payload. */
    private static long expiry(String token) {
        int start = token.indexOf('.') + 1;
        String payload = token.substring(start, token.indexOf('.', start));
        return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).getLong("exp");
    }

    /** The token's claims, or a 401 {@link ApiException} for any token this server did not issue or that expired. */
    public Future<Claims> verify(String token) {
        // An ES256 verification costs far more than the rest of a simple request; a token verified before
        // is trusted until its own expiry (the cache evicts it then; the check covers the eviction lag).
        Claims known = verified.getIfPresent(token);
        if (known != null && known.expiresAt() > Instant.now().getEpochSecond()) {
            return Future.succeededFuture(known);
        }
        return authenticate(token)
                .recover(err -> Future.failedFuture(ApiException.unauthorized("invalid or expired access token")))
                .compose(user -> {
                    JsonObject p = user.attributes().getJsonObject("accessToken", new JsonObject());
                    UUID tenant = Ids.parse(p.getString("tid"));
                    UUID subject = Ids.parse(p.getString("sub"));
                    UUID session = Ids.parse(p.getString("sid"));
                    if (tenant == null || subject == null || session == null || !(p.getValue("exp") instanceof Number)) {
                        return Future.failedFuture(ApiException.unauthorized("invalid or expired access token"));
                    }
                    Claims claims = new Claims(tenant, subject, session, p.getLong("exp"));
                    verified.put(token, claims);
                    return Future.succeededFuture(claims);
                });
    }

    /**
     * The JWT provider throws, rather than fails, when a well-signed token's {@code exp}, {@code iat},
     * {@code nbf} or {@code aud} has the wrong JSON type; that is an invalid token too, not a server error.
     */
    private Future<User> authenticate(String token) {
        try {
            return jwt.authenticate(new TokenCredentials(token));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    /** The JSON Web Key Set clients verify tokens with. */
    public JsonObject jwks() {
        return jwks;
    }

    /** What a verified access token says; {@code expiresAt} in epoch seconds. */
    public record Claims(UUID tenantId, UUID userId, UUID sessionId, long expiresAt) {
    }

    /** Cache entries live exactly as long as their token. */
    private static final class UntilExpiry implements Expiry<String, Claims> {
        @Override
        public long expireAfterCreate(String token, Claims claims, long currentTime) {
            return TimeUnit.SECONDS.toNanos(Math.max(0, claims.expiresAt() - Instant.now().getEpochSecond()));
        }

        @Override
        public long expireAfterUpdate(String token, Claims claims, long currentTime, long currentDuration) {
            return expireAfterCreate(token, claims, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Claims claims, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
