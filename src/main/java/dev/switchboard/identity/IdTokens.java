package dev.switchboard.identity;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Verifies OpenID Connect ID tokens (OIDC Core §3.1.3.7) with the JDK alone: an RS256/384/512 or ES256/384 signature
 * by a key of the provider's JWKS, then {@code iss}, {@code aud} (and {@code azp} when there are several audiences),
 * {@code exp}, {@code iat} and {@code nonce}. {@code alg: none} and HMAC are refused: a public client id is no key.
 */
final class IdTokens {

    /** Clock skew allowed on {@code exp} and {@code iat}. */
    static final long SKEW_SECONDS = 60;
    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format");
    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    /** Why a token was refused; the message names the check, never the token. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** A token split and decoded, not yet trusted. */
    record Parsed(String kid, String alg, JsonObject claims, byte[] signed, byte[] signature) {
    }

    private IdTokens() {
    }

    static Parsed parse(String token) throws Invalid {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || token.length() > 16_384) {
            throw new Invalid("the ID token is not a signed JWT");
        }
        try {
            JsonObject header = new JsonObject(new String(B64.decode(parts[0]), StandardCharsets.UTF_8));
            JsonObject claims = new JsonObject(new String(B64.decode(parts[1]), StandardCharsets.UTF_8));
            String alg = header.getValue("alg") instanceof String a ? a : null;
            if (alg == null || !ALGORITHMS.containsKey(alg)) {
                throw new Invalid("the ID token's algorithm " + alg + " is not accepted");
            }
            return new Parsed(header.getValue("kid") instanceof String k ? k : null, alg, claims,
                    (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), B64.decode(parts[2]));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw new Invalid("the ID token is not a well-formed JWT");
        }
    }

    /** The key of {@code jwks} that signed {@code token}, or null when none fits (unknown {@code kid}). */
    static JsonObject keyFor(Parsed token, JsonObject jwks) {
        JsonArray keys = jwks.getJsonArray("keys", new JsonArray());
        String kty = token.alg().startsWith("ES") ? "EC" : "RSA";
        JsonObject only = null;
        int candidates = 0;
        for (Object k : keys) {
            if (!(k instanceof JsonObject key) || !kty.equals(key.getString("kty")) || "enc".equals(key.getString("use"))) {
                continue;
            }
            if (token.kid() != null && token.kid().equals(key.getString("kid"))) {
                return key;
            }
            candidates++;
            only = key;
        }
        // a token without kid may use the provider's only key of its type
        return token.kid() == null && candidates == 1 ? only : null;
    }

    /** Checks the signature with {@code jwk} and the claims; the claims when all hold. */
    static JsonObject verify(Parsed token, JsonObject jwk, String issuer, String clientId, String nonce, Instant now) throws Invalid {
        try {
            Signature verifier = Signature.getInstance(ALGORITHMS.get(token.alg()));
            verifier.initVerify(publicKey(jwk));
            verifier.update(token.signed());
            if (!verifier.verify(token.signature())) {
                throw new Invalid("the ID token's signature does not verify");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key with missing or malformed parts verifies nothing
            throw new Invalid("the ID token's signature does not verify");
        }
        JsonObject c = token.claims();
        if (!issuer.equals(c.getValue("iss"))) {
            throw new Invalid("the ID token was issued by another issuer");
        }
        Object aud = c.getValue("aud");
        boolean forUs = aud instanceof String s ? s.equals(clientId) : aud instanceof JsonArray a && a.contains(clientId);
        if (!forUs) {
            throw new Invalid("the ID token is meant for another audience");
        }
        if (aud instanceof JsonArray a && a.size() > 1 && c.getValue("azp") != null && !clientId.equals(c.getValue("azp"))) {
            throw new Invalid("the ID token was issued to another party");
        }
        if (!(c.getValue("exp") instanceof Number exp) || exp.longValue() + SKEW_SECONDS < now.getEpochSecond()) {
            throw new Invalid("the ID token has expired");
        }
        if (c.getValue("iat") instanceof Number iat && iat.longValue() - SKEW_SECONDS > now.getEpochSecond()) {
            throw new Invalid("the ID token was issued in the future");
        }
        if (!nonce.equals(c.getValue("nonce"))) {
            throw new Invalid("the ID token's nonce does not match this sign-in");
        }
        if (!(c.getValue("sub") instanceof String)) {
            throw new Invalid("the ID token names no subject");
        }
        return c;
    }

    private static PublicKey publicKey(JsonObject jwk) throws GeneralSecurityException {
        if ("RSA".equals(jwk.getString("kty"))) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(unsigned(jwk.getString("n")), unsigned(jwk.getString("e"))));
        }
        String curve = CURVES.get(jwk.getString("crv"));
        if (curve == null) {
            throw new GeneralSecurityException("unsupported curve");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(unsigned(jwk.getString("x")), unsigned(jwk.getString("y")));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, B64.decode(base64url));
    }
}
