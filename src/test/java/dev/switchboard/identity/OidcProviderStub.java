package dev.switchboard.identity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenID Connect provider: discovery, JWKS and a token endpoint that checks the client's credentials, the
 * redirect URI and the PKCE verifier, then answers with an ID token signed (RS256 or ES256, by the JDK) with whatever
 * claims the test registered for the code.
 */
final class OidcProviderStub implements AutoCloseable {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A signing key with its id and JOSE algorithm. */
    record Key(String kid, String alg, KeyPair pair) {
    }

    /** What the token endpoint answers for one code. */
    record Grant(JsonObject claims, Key key, String challenge, String redirectUri) {
    }

    final String clientId = "switchboard-test";
    final String clientSecret = "stub-secret-" + System.nanoTime();
    private final HttpServer server;
    private final List<Key> published = new ArrayList<>();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    final AtomicInteger jwksFetches = new AtomicInteger();
    final AtomicInteger tokenCalls = new AtomicInteger();

    OidcProviderStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", ex -> json(ex, 200, new JsonObject()
                .put("issuer", issuer()).put("authorization_endpoint", issuer() + "/authorize").put("token_endpoint", issuer() + "/token")
                .put("jwks_uri", issuer() + "/jwks").put("response_types_supported", new JsonArray().add("code"))
                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256").add("ES256"))));
        server.createContext("/jwks", ex -> {
            jwksFetches.incrementAndGet();
            JsonArray keys = new JsonArray();
            synchronized (published) {
                published.forEach(k -> keys.add(jwk(k)));
            }
            json(ex, 200, new JsonObject().put("keys", keys));
        });
        server.createContext("/token", this::token);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static Key rsa(String kid) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new Key(kid, "RS256", g.generateKeyPair());
    }

    static Key ec(String kid) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return new Key(kid, "ES256", g.generateKeyPair());
    }

    /** Replaces the published key set. */
    void publish(Key... keys) {
        synchronized (published) {
            published.clear();
            published.addAll(List.of(keys));
        }
    }

    /** The token endpoint will answer {@code code} with an ID token of {@code claims} signed by {@code key}. */
    void grant(String code, JsonObject claims, Key key, String challenge, String redirectUri) {
        grants.put(code, new Grant(claims, key, challenge, redirectUri));
    }

    static String sign(JsonObject claims, Key key) throws GeneralSecurityException {
        String header = B64.encodeToString(new JsonObject().put("alg", key.alg()).put("typ", "JWT").put("kid", key.kid()).encode()
                .getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance(key.alg().equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
        s.initSign(key.pair().getPrivate());
        s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + B64.encodeToString(s.sign());
    }

    private void token(HttpExchange ex) throws IOException {
        tokenCalls.incrementAndGet();
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        Grant grant = grants.remove(form.getOrDefault("code", ""));
        if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            json(ex, 401, new JsonObject().put("error", "invalid_client"));
            return;
        }
        if (grant == null || !"authorization_code".equals(form.get("grant_type")) || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.challenge().equals(SingleSignOn.challenge(form.getOrDefault("code_verifier", "")))) {
            json(ex, 400, new JsonObject().put("error", "invalid_grant"));
            return;
        }
        try {
            json(ex, 200, new JsonObject().put("access_token", "at").put("token_type", "Bearer").put("id_token", sign(grant.claims(), grant.key())));
        } catch (GeneralSecurityException e) {
            json(ex, 500, new JsonObject().put("error", "server_error"));
        }
    }

    private static JsonObject jwk(Key k) {
        if (k.pair().getPublic() instanceof RSAPublicKey rsa) {
            return new JsonObject().put("kty", "RSA").put("kid", k.kid()).put("use", "sig").put("alg", k.alg())
                    .put("n", B64.encodeToString(unsigned(rsa.getModulus(), 0))).put("e", B64.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
        }
        ECPublicKey ec = (ECPublicKey) k.pair().getPublic();
        return new JsonObject().put("kty", "EC").put("kid", k.kid()).put("use", "sig").put("alg", k.alg()).put("crv", "P-256")
                .put("x", B64.encodeToString(unsigned(ec.getW().getAffineX(), 32))).put("y", B64.encodeToString(unsigned(ec.getW().getAffineY(), 32)));
    }

    private static byte[] unsigned(BigInteger n, int length) {
        byte[] raw = n.toByteArray();
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int size = Math.max(length, raw.length - start);
        byte[] out = new byte[size];
        System.arraycopy(raw, start, out, size - (raw.length - start), raw.length - start);
        return out;
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void json(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
