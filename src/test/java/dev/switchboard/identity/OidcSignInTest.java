package dev.switchboard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signs in through a local OpenID Connect provider that signs real RS256 and ES256 ID tokens: good logins link or create
 * accounts as the organization allows, and every token the checks must refuse is refused.
 */
class OidcSignInTest {

    private static final String DOMAIN = "acme-sso.test";
    private static final String REDIRECT = "https://app.acme-sso.test/sso/callback";

    private static TestServer server;
    private static OidcProviderStub idp;
    private static Account admin;
    private static OidcProviderStub.Key rsa;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        idp = new OidcProviderStub();
        rsa = OidcProviderStub.rsa("rsa-1");
        idp.publish(rsa, OidcProviderStub.ec("ec-1"));
        admin = server.register("Acme SSO");
        settings(new JsonObject().put("allowedEmailDomains", new JsonArray().add(DOMAIN)).put("ssoJustInTime", true));
        Http.Response provider = server.http.post("/api/v1/identity-providers", new JsonObject().put("name", "Stub")
                .put("issuer", idp.issuer()).put("clientId", idp.clientId).put("clientSecret", idp.clientSecret)
                .put("domains", new JsonArray().add(DOMAIN)).put("redirectUris", new JsonArray().add(REDIRECT)), admin.accessToken());
        assertEquals(201, provider.status(), provider::toString);
        assertTrue(provider.json().getString("clientSecret").startsWith("••••"), "the secret is only shown masked");
        assertTrue(!provider.body().toString().contains(idp.clientSecret));
    }

    @AfterAll
    static void stop() {
        idp.close();
        server.close();
    }

    @Test
    void aGoodLoginLinksTheInvitedAccountWithTheSameVerifiedEmail() throws Exception {
        Account agent = invite("linked");
        Http.Response session = signIn(agent.email(), claims -> claims, rsa);
        assertEquals(200, session.status(), session::toString);
        assertEquals(agent.userId(), session.json().getJsonObject("user").getString("id"));
        String access = session.json().getString("accessToken");
        assertEquals(agent.email(), server.http.get("/api/v1/auth/me", access).json().getJsonObject("user").getString("email"));
        assertEquals(200, server.http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", session.json().getString("refreshToken")),
                null).status(), "our usual refresh token");
    }

    @Test
    void es256TokensWorkAndJustInTimeCreationFollowsTheOrganizationsSetting() throws Exception {
        OidcProviderStub.Key ec = OidcProviderStub.ec("ec-2");
        publish(rsa, ec);
        String newcomer = "new-" + UUID.randomUUID() + "@" + DOMAIN;
        Http.Response created = signIn(newcomer, c -> c.put("name", "Nia Newcomer"), ec);
        assertEquals(200, created.status(), created::toString);
        assertEquals("viewer", created.json().getJsonObject("user").getString("role"), "the provisioned role");
        assertEquals("Nia Newcomer", created.json().getJsonObject("user").getString("fullName"));

        settings(new JsonObject().put("ssoJustInTime", false));
        try {
            Http.Response refused = signIn("other-" + UUID.randomUUID() + "@" + DOMAIN, c -> c, ec);
            assertEquals(403, refused.status(), refused::toString);
            assertEquals(200, signIn(newcomer, c -> c, ec).status(), "an existing account still signs in");
        } finally {
            settings(new JsonObject().put("ssoJustInTime", true));
        }
        Http.Response unverified = signIn("unverified-" + UUID.randomUUID() + "@" + DOMAIN, c -> c.put("email_verified", false), ec);
        assertEquals(403, unverified.status(), "an address the provider did not verify is neither linked nor created");
    }

    @Test
    void wrongNonceWrongAudienceExpiredTokenAndReusedStateAreRefused() throws Exception {
        Account agent = invite("refused");
        assertEquals(401, signIn(agent.email(), c -> c.put("nonce", "another-nonce"), rsa).status());
        assertEquals(401, signIn(agent.email(), c -> c.put("aud", "someone-else"), rsa).status());
        assertEquals(401, signIn(agent.email(), c -> c.put("aud", new JsonArray().add("someone-else").add("x")), rsa).status());
        assertEquals(401, signIn(agent.email(), c -> c.put("exp", Instant.now().minusSeconds(600).getEpochSecond()), rsa).status());
        assertEquals(401, signIn(agent.email(), c -> c.put("iss", "https://evil.example.test"), rsa).status());
        OidcProviderStub.Key unpublished = OidcProviderStub.rsa("rsa-1");
        assertEquals(401, signIn(agent.email(), c -> c, unpublished).status(), "a key that merely shares a published kid");

        Started started = start(agent.email());
        String code = "code-" + UUID.randomUUID();
        idp.grant(code, claims(agent.email(), started.nonce()), rsa, started.challenge(), REDIRECT);
        Http.Response first = callback(code, started.state());
        assertEquals(200, first.status(), first::toString);
        idp.grant(code, claims(agent.email(), started.nonce()), rsa, started.challenge(), REDIRECT);
        assertEquals(401, callback(code, started.state()).status(), "a state works once");
        assertEquals(401, callback(code, "not-a-state").status());
    }

    @Test
    void anUnknownKeyIdFetchesTheRotatedKeySetOnce() throws Exception {
        Account agent = invite("rotated");
        assertEquals(200, signIn(agent.email(), c -> c, rsa).status());
        int fetches = idp.jwksFetches.get();
        assertEquals(200, signIn(agent.email(), c -> c, rsa).status());
        assertEquals(fetches, idp.jwksFetches.get(), "the key set is cached");
        OidcProviderStub.Key rotated = OidcProviderStub.rsa("rsa-2");
        publish(rotated);
        Http.Response afterRotation = signIn(agent.email(), c -> c, rotated);
        assertEquals(200, afterRotation.status(), afterRotation::toString);
        assertEquals(fetches + 1, idp.jwksFetches.get(), "one refetch for the unknown kid");
        assertEquals(401, signIn(agent.email(), c -> c, rsa).status(), "the retired key no longer verifies");
        publish(rsa, rotated);
    }

    /**
     * The provider publishes {@code keys}; then a second passes, as the server fetches a key set again for an unknown key
     * id at most once a second (a test right after another's rotation would otherwise still see the cached set).
     */
    private static void publish(OidcProviderStub.Key... keys) throws InterruptedException {
        idp.publish(keys);
        Thread.sleep(1_100);
    }

    @Test
    void enforcedSsoRefusesPasswordsExceptForTheBreakGlassAdmin() {
        Account agent = invite("enforced");
        Http.Response incomplete = server.http.patch("/api/v1/organization", new JsonObject().put("ssoEnforced", true), admin.accessToken());
        assertEquals(400, incomplete.status(), "enforcement needs a break-glass admin: " + incomplete);
        assertEquals(400, server.http.patch("/api/v1/organization", new JsonObject().put("ssoEnforced", true)
                .put("ssoBreakGlassUserId", agent.userId()), admin.accessToken()).status(), "only an admin can be the break-glass account");
        settings(new JsonObject().put("ssoEnforced", true).put("ssoBreakGlassUserId", admin.userId()));
        try {
            Http.Response refused = server.http.post("/api/v1/auth/login", new JsonObject().put("email", agent.email())
                    .put("password", Account.PASSWORD), null);
            assertEquals(403, refused.status(), refused::toString);
            assertEquals(200, server.http.post("/api/v1/auth/login", new JsonObject().put("email", admin.email())
                    .put("password", Account.PASSWORD), null).status(), "the break-glass admin still signs in with a password");
            assertEquals(401, server.http.post("/api/v1/auth/login", new JsonObject().put("email", agent.email())
                    .put("password", "wrong password entirely"), null).status(), "a wrong password still says nothing more");
        } finally {
            settings(new JsonObject().put("ssoEnforced", false));
        }
    }

    @Test
    void anEmailWithoutAProviderOrAnUnlistedRedirectCannotStart() {
        assertEquals(404, server.http.post("/api/v1/auth/sso/start", new JsonObject().put("email", "x@nowhere.example.test")
                .put("redirectUri", REDIRECT), null).status());
        assertEquals(400, server.http.post("/api/v1/auth/sso/start", new JsonObject().put("email", "x@" + DOMAIN)
                .put("redirectUri", "https://evil.example.test/steal"), null).status());
    }

    private record Started(String state, String nonce, String challenge) {
    }

    private static Started start(String email) {
        Http.Response r = server.http.post("/api/v1/auth/sso/start", new JsonObject().put("email", email).put("redirectUri", REDIRECT), null);
        assertEquals(200, r.status(), r::toString);
        URI url = URI.create(r.json().getString("authorizationUrl"));
        assertTrue(url.toString().startsWith(idp.issuer() + "/authorize?"), url::toString);
        Map<String, String> q = OidcProviderStub.form(url.getRawQuery());
        assertEquals(idp.clientId, q.get("client_id"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(r.json().getString("state"), q.get("state"));
        assertTrue(q.get("scope").contains("openid"));
        return new Started(q.get("state"), q.get("nonce"), q.get("code_challenge"));
    }

    private static Http.Response callback(String code, String state) {
        return server.http.post("/api/v1/auth/sso/callback", new JsonObject().put("code", code).put("state", state), null);
    }

    private static Http.Response signIn(String email, java.util.function.UnaryOperator<JsonObject> tweak, OidcProviderStub.Key key) {
        Started started = start(email);
        String code = "code-" + UUID.randomUUID();
        idp.grant(code, tweak.apply(claims(email, started.nonce())), key, started.challenge(), REDIRECT);
        return callback(code, started.state());
    }

    private static JsonObject claims(String email, String nonce) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("iss", idp.issuer()).put("aud", idp.clientId).put("sub", "sub-" + email).put("email", email)
                .put("email_verified", true).put("iat", now).put("exp", now + 300).put("nonce", nonce);
    }

    private static Account invite(String who) {
        String email = who + "-" + UUID.randomUUID() + "@" + DOMAIN;
        Http.Response invite = server.http.post("/api/v1/invites", new JsonObject().put("email", email).put("role", "agent"), admin.accessToken());
        assertEquals(201, invite.status(), invite::toString);
        Http.Response accepted = server.http.post("/api/v1/invites/accept", new JsonObject().put("token", invite.json().getString("token"))
                .put("fullName", "Invited " + who).put("password", Account.PASSWORD), null);
        assertEquals(201, accepted.status(), accepted::toString);
        JsonObject s = accepted.json();
        return new Account(email, s.getJsonObject("user").getString("id"), s.getJsonObject("organization").getString("id"),
                s.getString("accessToken"), s.getString("refreshToken"));
    }

    private static void settings(JsonObject patch) {
        Http.Response r = server.http.patch("/api/v1/organization", patch, admin.accessToken());
        assertEquals(200, r.status(), r::toString);
    }
}
