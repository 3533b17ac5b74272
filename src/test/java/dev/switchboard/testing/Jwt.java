package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made compact JWTs, for tests that forge, tamper with or re-sign access tokens. JDK crypto only. */
public final class Jwt {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final String CURVE = "secp256r1";

    private Jwt() {
    }

    public static String encode(JsonObject json) {
        return encode(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    public static JsonObject header(String token) {
        return segment(token, 0);
    }

    public static JsonObject payload(String token) {
        return segment(token, 1);
    }

    /** The third segment of a compact token, as sent. */
    public static String signature(String token) {
        return token.split("\\.", -1)[2];
    }

    /** {@code base64url(header).base64url(payload)}: what a JWS signature covers. */
    public static String signingInput(JsonObject header, JsonObject payload) {
        return encode(header) + "." + encode(payload);
    }

    /** ES256 as JWS wants it: the raw 64-byte {@code r || s} signature (IEEE P1363), not DER. */
    public static String es256(JsonObject header, JsonObject payload, PrivateKey key) {
        String input = signingInput(header, payload);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + encode(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hs256(JsonObject header, JsonObject payload, byte[] secret) {
        String input = signingInput(header, payload);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#8 PEM EC private key, as the server stores it. */
    public static ECPrivateKey privateKeyFromPem(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The P-256 public key a JWK ({@code kty: EC, crv: P-256, x, y}) describes. */
    public static ECPublicKey publicKeyFromJwk(JsonObject jwk) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(CURVE));
            ECPoint w = new ECPoint(coordinate(jwk.getString("x")), coordinate(jwk.getString("y")));
            return (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(w, parameters.getParameterSpec(ECParameterSpec.class)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair newP256KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM armour around DER bytes, 64 characters a line, ending with a newline. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static JsonObject segment(String token, int index) {
        return new JsonObject(new String(B64URL_DECODER.decode(token.split("\\.", -1)[index]), StandardCharsets.UTF_8));
    }

    private static BigInteger coordinate(String base64url) {
        return new BigInteger(1, B64URL_DECODER.decode(base64url));
    }
}
