package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.Jwt;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access tokens the server did not issue, or that no longer hold, are refused with a 401 problem. The
 * control case (a token this test signs with the server's real key and correct claims is accepted) shows
 * that each refusal is for the reason its test names, not a mistake in how the test builds tokens.
 */
class ForgedTokenTest {

    private static final String ME = "/api/v1/auth/me";
    private static final String ISSUER = "switchboard";
    private static final String AUDIENCE = "switchboard-api";

    private static TestServer server;
    private static Account admin;
    private static String kid;
    private static ECPrivateKey realKey;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        admin = server.register("Forgery Target");
        try (Connection c = TestDatabase.connect(server.db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT kid, private_pem FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC")) {
            assertTrue(rs.next(), "the server keeps its signing key in the database");
            kid = rs.getString("kid");
            realKey = Jwt.privateKeyFromPem(rs.getString("private_pem"));
            assertFalse(rs.next(), "a fresh database has exactly one active signing key");
        }
        assertEquals(kid, Jwt.header(admin.accessToken()).getString("kid"), "genuine tokens name the key that signed them");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void acceptsTheGenuineToken() {
        Response me = server.http.get(ME, admin.accessToken());
        assertEquals(200, me.status(), me::toString);
        assertEquals(admin.userId(), me.json().getJsonObject("user").getString("id"));
    }

    @Test
    void acceptsATokenSignedWithTheRealKeyAndValidClaims() {
        Response me = server.http.get(ME, Jwt.es256(es256Header(kid), validClaims(), realKey));
        assertEquals(200, me.status(), () -> "the control token must pass, or the negative cases prove nothing: " + me);
        assertEquals(admin.userId(), me.json().getJsonObject("user").getString("id"));
    }

    @Test
    void rejectsAlgNoneWithAnEmptySignature() {
        JsonObject header = new JsonObject().put("alg", "none").put("typ", "JWT");
        assertRejected(Jwt.signingInput(header, Jwt.payload(admin.accessToken())) + ".", "alg none, empty signature");
    }

    @Test
    void rejectsAlgNoneWithoutASignatureSegment() {
        JsonObject header = new JsonObject().put("alg", "none").put("typ", "JWT");
        assertRejected(Jwt.signingInput(header, Jwt.payload(admin.accessToken())), "alg none, two segments");
    }

    @Test
    void rejectsAlgNoneInOtherSpellingsAndWithTheRealKid() {
        for (String alg : new String[] {"None", "NONE", "nOnE"}) {
            JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
            assertRejected(Jwt.signingInput(header, validClaims()) + ".", "alg " + alg);
        }
        JsonObject withKid = new JsonObject().put("alg", "none").put("typ", "JWT").put("kid", kid);
        assertRejected(Jwt.signingInput(withKid, validClaims()) + ".", "alg none naming the real kid");
        assertRejected(Jwt.signingInput(withKid, validClaims()) + "." + Jwt.signature(admin.accessToken()),
                "alg none carrying a genuine signature");
    }

    @Test
    void rejectsTokenSignedWithHs256UsingThePublicKey() {
        Response jwks = server.http.get("/.well-known/jwks.json", null);
        assertEquals(200, jwks.status(), jwks::toString);
        JsonObject jwk = jwks.json().getJsonArray("keys").getJsonObject(0);
        assertEquals(kid, jwk.getString("kid"));
        ECPublicKey publicKey = Jwt.publicKeyFromJwk(jwk);
        String pem = Jwt.pem("PUBLIC KEY", publicKey.getEncoded());

        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("the JWKS document as served", jwks.body().getBytes());
        secrets.put("the JWKS document re-encoded", jwks.json().encode().getBytes(StandardCharsets.UTF_8));
        secrets.put("the JWK", jwk.encode().getBytes(StandardCharsets.UTF_8));
        secrets.put("the DER public key", publicKey.getEncoded());
        secrets.put("the PEM public key", pem.getBytes(StandardCharsets.US_ASCII));
        secrets.put("the PEM public key without its last newline", pem.strip().getBytes(StandardCharsets.US_ASCII));
        secrets.forEach((name, secret) -> {
            assertRejected(Jwt.hs256(hs256Header(kid), validClaims(), secret), "HS256 keyed with " + name + " under the real kid");
            assertRejected(Jwt.hs256(hs256Header(null), validClaims(), secret), "HS256 keyed with " + name + " without a kid");
        });
    }

    @Test
    void rejectsTokenSignedByAnotherKeyUnderAMadeUpKid() {
        KeyPair attacker = Jwt.newP256KeyPair();
        assertRejected(Jwt.es256(es256Header("attacker-" + UUID.randomUUID()), validClaims(), attacker.getPrivate()),
                "foreign key, made-up kid");
    }

    @Test
    void rejectsTokenSignedByAnotherKeyUnderTheRealKid() {
        KeyPair attacker = Jwt.newP256KeyPair();
        assertRejected(Jwt.es256(es256Header(kid), validClaims(), attacker.getPrivate()), "foreign key, real kid");
        assertRejected(Jwt.es256(es256Header(null), validClaims(), attacker.getPrivate()), "foreign key, no kid");
    }

    @Test
    void rejectsAnAllZeroEcdsaSignature() {
        String input = Jwt.signingInput(es256Header(kid), validClaims());
        assertRejected(input + "." + Jwt.encode(new byte[64]), "r = s = 0 (CVE-2022-21449)");
        assertRejected(input + ".", "empty signature");
    }

    @Test
    void rejectsAnExpiredToken() {
        long now = Instant.now().getEpochSecond();
        JsonObject claims = validClaims().put("iat", now - 930).put("exp", now - 30);
        assertRejected(Jwt.es256(es256Header(kid), claims, realKey), "expired 30 s ago");
    }

    @Test
    void rejectsATokenWithoutExp() {
        JsonObject claims = validClaims();
        claims.remove("exp");
        assertRejected(Jwt.es256(es256Header(kid), claims, realKey), "no exp");
        assertRejected(Jwt.es256(es256Header(kid), validClaims().put("exp", "9999999999"), realKey), "exp as a string");
    }

    @Test
    void rejectsTimeClaimsOfTheWrongTypeWithoutAServerError() {
        KeyPair attacker = Jwt.newP256KeyPair();
        for (String claim : new String[] {"exp", "iat", "nbf"}) {
            JsonObject claims = validClaims().put(claim, "soon");
            assertRejected(Jwt.es256(es256Header(kid), claims, realKey), claim + " as a string, real key");
            assertRejected(Jwt.es256(es256Header(kid), claims, attacker.getPrivate()), claim + " as a string, foreign key");
            assertRejected(Jwt.signingInput(new JsonObject().put("alg", "none"), claims) + ".", claim + " as a string, alg none");
        }
    }

    @Test
    void rejectsATokenFromAnotherIssuer() {
        assertRejected(Jwt.es256(es256Header(kid), validClaims().put("iss", "someone-else"), realKey), "wrong iss");
        JsonObject noIssuer = validClaims();
        noIssuer.remove("iss");
        assertRejected(Jwt.es256(es256Header(kid), noIssuer, realKey), "no iss");
    }

    @Test
    void rejectsATokenForAnotherAudience() {
        assertRejected(Jwt.es256(es256Header(kid), validClaims().put("aud", "another-api"), realKey), "wrong aud");
        JsonObject noAudience = validClaims();
        noAudience.remove("aud");
        assertRejected(Jwt.es256(es256Header(kid), noAudience, realKey), "no aud");
        assertRejected(Jwt.es256(es256Header(kid), validClaims().put("aud", 42), realKey), "aud as a number");
        assertRejected(Jwt.es256(es256Header(kid), validClaims().put("aud", new JsonObject().put("aud", AUDIENCE)), realKey),
                "aud as an object");
    }

    @Test
    void rejectsAGenuineTokenWithATamperedPayload() {
        Account agent = server.invite(admin, "agent");
        Account other = server.register("Tamper Elsewhere");
        assertEquals(200, server.http.get(ME, agent.accessToken()).status(), "the untampered token works");

        String[] parts = agent.accessToken().split("\\.");
        JsonObject payload = Jwt.payload(agent.accessToken());
        String promoted = parts[0] + "." + Jwt.encode(payload.copy().put("role", "admin")) + "." + parts[2];
        assertRejected(promoted, "role changed to admin");

        String moved = parts[0] + "." + Jwt.encode(payload.copy().put("tid", other.tenantId()).put("sub", other.userId())) + "." + parts[2];
        assertRejected(moved, "tenant and subject changed to another organization's admin");

        String extended = parts[0] + "." + Jwt.encode(payload.copy().put("exp", payload.getLong("exp") + 86_400)) + "." + parts[2];
        assertRejected(extended, "exp pushed a day later");

        String swappedHeader = Jwt.encode(Jwt.header(agent.accessToken()).put("kid", "other")) + "." + parts[1] + "." + parts[2];
        assertRejected(swappedHeader, "header changed");
    }

    @Test
    void answersAMissingOrMalformedAuthorizationWith401AndAChallenge() {
        Response missing = server.http.get(ME, null);
        assertProblem401(missing, "no Authorization header");

        Response basic = server.http.send(HttpMethod.GET, ME, null, null,
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8))));
        assertProblem401(basic, "Basic credentials");

        assertRejected("", "empty bearer token");
        assertRejected("not-a-jwt", "garbage bearer token");
    }

    private static JsonObject validClaims() {
        long now = Instant.now().getEpochSecond();
        return new JsonObject()
                .put("sub", admin.userId())
                .put("tid", admin.tenantId())
                .put("role", "admin")
                .put("sid", Jwt.payload(admin.accessToken()).getString("sid"))
                .put("jti", UUID.randomUUID().toString())
                .put("iss", ISSUER)
                .put("aud", AUDIENCE)
                .put("iat", now)
                .put("exp", now + 300);
    }

    private static JsonObject es256Header(String keyId) {
        JsonObject header = new JsonObject().put("alg", "ES256").put("typ", "JWT");
        return keyId == null ? header : header.put("kid", keyId);
    }

    private static JsonObject hs256Header(String keyId) {
        JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
        return keyId == null ? header : header.put("kid", keyId);
    }

    private static void assertRejected(String token, String why) {
        assertProblem401(server.http.get(ME, token), why);
    }

    private static void assertProblem401(Response r, String why) {
        assertEquals(401, r.status(), () -> why + ": " + r);
        assertEquals("application/problem+json", r.contentType(), why);
        JsonObject problem = r.json();
        assertEquals(401, problem.getInteger("status"), why);
        String correlationId = problem.getString("correlationId");
        assertNotNull(correlationId, why);
        assertFalse(correlationId.isBlank(), why);
        assertEquals(r.header("X-Request-Id"), correlationId, why);
        assertNotNull(r.header("WWW-Authenticate"), () -> why + ": a 401 carries a Bearer challenge");
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), why);
        assertNotNull(problem.getString("detail"), why);
    }
}
