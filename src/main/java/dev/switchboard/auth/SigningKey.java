package dev.switchboard.auth;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;

/** An ES256 (P-256) token signing key, identified by its RFC 7638 thumbprint. */
public record SigningKey(String kid, ECPrivateKey privateKey, ECPublicKey publicKey) {

    private static final String CURVE = "secp256r1";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    public static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            KeyPair pair = generator.generateKeyPair();
            return of((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }

    /** Reads a PKCS#8 PEM private key and derives its public key. */
    public static SigningKey fromPem(String pem) {
        try {
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec(CURVE);
            var q = curve.getG().multiply(privateKey.getS()).normalize();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(w, privateKey.getParams()));
            return of(privateKey, publicKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not a PKCS#8 PEM EC P-256 private key", e);
        }
    }

    private static SigningKey of(ECPrivateKey privateKey, ECPublicKey publicKey) {
        String x = coordinate(publicKey.getW().getAffineX());
        String y = coordinate(publicKey.getW().getAffineY());
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
        String kid = B64URL.encodeToString(OpaqueToken.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        return new SigningKey(kid, privateKey, publicKey);
    }

    public String privatePem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The public JWK, as published at {@code /.well-known/jwks.json}. */
    public JsonObject publicJwk() {
        return new JsonObject()
                .put("kty", "EC")
                .put("crv", "P-256")
                .put("kid", kid)
                .put("use", "sig")
                .put("alg", "ES256")
                .put("x", coordinate(publicKey.getW().getAffineX()))
                .put("y", coordinate(publicKey.getW().getAffineY()));
    }

    /** The private JWK, for the signer only. */
    JsonObject privateJwk() {
        return publicJwk().put("d", coordinate(privateKey.getS()));
    }

    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        if (raw.length > 32) {
            raw = Arrays.copyOfRange(raw, raw.length - 32, raw.length);
        }
        System.arraycopy(raw, 0, fixed, 32 - raw.length, raw.length);
        return B64URL.encodeToString(fixed);
    }
}
