package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.email.FakeResend;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.SuperuserSql;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's own account: profile, password change, sessions; password reset and invites through the email pipeline. */
class AccountTest {

    private static final Pattern TOKEN = Pattern.compile("\\?token=([^\"&]+)");
    private static final String NEW_PASSWORD = "a brand new passphrase";

    private static FakeResend resend;
    private static TestServer server;
    private static Account admin;

    @BeforeAll
    static void start() throws Exception {
        resend = new FakeResend();
        server = TestServer.start(Map.of(
                "SWITCHBOARD_RESEND_BASE_URL", resend.baseUrl(),
                "SWITCHBOARD_RESEND_API_KEY", "re_test_key",
                "SWITCHBOARD_EMAIL_FROM", "Switchboard <accounts@acme.test>",
                "SWITCHBOARD_AUTH_APP_URL", "https://app.acme.test/"));
        admin = server.register("Account Org");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        resend.close();
    }

    private static Response login(String email, String password) {
        return server.http.post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", password), null);
    }

    /** The emails to {@code to} that link to {@code page} ("reset-password", "accept-invite"), oldest first. */
    private static java.util.List<FakeResend.Received> emails(String to, String page) {
        return resend.to(to).stream().filter(r -> r.body().getString("html").contains("/" + page + "?token=")).toList();
    }

    /** The token of the newest such email, once at least {@code count} arrived. */
    private static String emailedToken(String to, String page, int count) {
        Eventually.await(() -> emails(to, page).size() >= count, Duration.ofSeconds(10), count + " " + page + " email(s) to " + to);
        java.util.List<FakeResend.Received> found = emails(to, page);
        String html = found.get(found.size() - 1).body().getString("html");
        Matcher m = TOKEN.matcher(html);
        assertTrue(m.find(), html);
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    @Test
    void aUserEditsTheirProfileWithAValidatedTimeZone() {
        Account agent = server.invite(admin, "agent");
        Response read = server.http.get("/api/v1/account", agent.accessToken());
        assertEquals(200, read.status(), read::toString);
        Response bad = server.http.patch("/api/v1/account", new JsonObject().put("timezone", "Mars/Olympus_Mons")
                .put("avatarUrl", "javascript:alert(1)"), agent.accessToken());
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(2, bad.json().getJsonArray("errors").size(), "both fields are named: " + bad);
        assertEquals(read.json(), server.http.get("/api/v1/account", agent.accessToken()).json(), "nothing changed");

        Response changed = server.http.patch("/api/v1/account", new JsonObject().put("fullName", "Agnes Agent")
                .put("timezone", "America/New_York").put("avatarUrl", "https://cdn.acme.test/agnes.png"), agent.accessToken());
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("America/New_York", changed.json().getString("timezone"));
        assertEquals("Agnes Agent", server.http.get("/api/v1/users/" + agent.userId(), admin.accessToken()).json().getString("fullName"));
        Response stale = server.http.patch("/api/v1/account", new JsonObject().put("fullName", "Late").put("version", 1), agent.accessToken());
        assertEquals(409, stale.status(), stale::toString);
        Response cleared = server.http.patch("/api/v1/account", new JsonObject().putNull("timezone"), agent.accessToken());
        assertEquals(null, cleared.json().getValue("timezone"));
        try (SuperuserSql sql = new SuperuserSql(server.db)) {
            assertEquals(2, sql.count("SELECT count(*) FROM audit_log WHERE action = 'user.profile_updated' AND entity_id = ?::uuid",
                    agent.userId()));
        }
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndEndsOtherSessions() {
        Account agent = server.invite(admin, "agent");
        Response phone = login(agent.email(), Account.PASSWORD);
        assertEquals(200, phone.status());

        Response wrong = server.http.post("/api/v1/account/password", new JsonObject().put("currentPassword", "not my password")
                .put("newPassword", NEW_PASSWORD), agent.accessToken());
        assertEquals(400, wrong.status(), wrong::toString);
        assertEquals("currentPassword", wrong.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(200, login(agent.email(), Account.PASSWORD).status(), "the password did not change");

        Response changed = server.http.post("/api/v1/account/password", new JsonObject().put("currentPassword", Account.PASSWORD)
                .put("newPassword", NEW_PASSWORD), agent.accessToken());
        assertEquals(204, changed.status(), changed::toString);
        assertEquals(401, login(agent.email(), Account.PASSWORD).status());
        assertEquals(200, login(agent.email(), NEW_PASSWORD).status());
        assertEquals(200, server.http.get("/api/v1/auth/me", agent.accessToken()).status(), "this session stays signed in");
        Response otherRefresh = server.http.post("/api/v1/auth/refresh",
                new JsonObject().put("refreshToken", phone.json().getString("refreshToken")), null);
        assertEquals(401, otherRefresh.status(), "the other session ended: " + otherRefresh);
    }

    @Test
    void aUserListsTheirSessionsAndEndsOne() {
        Account agent = server.invite(admin, "agent");
        Response laptop = server.http.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/auth/login", null,
                new JsonObject().put("email", agent.email()).put("password", Account.PASSWORD).toBuffer(),
                Map.of("Content-Type", "application/json", "User-Agent", "LaptopBrowser/1.0"));
        assertEquals(200, laptop.status());
        String laptopToken = laptop.json().getString("accessToken");
        JsonArray sessions = server.http.get("/api/v1/account/sessions", agent.accessToken()).json().getJsonArray("items");
        assertEquals(2, sessions.size(), sessions::encode);
        JsonObject other = sessions.stream().map(JsonObject.class::cast).filter(s -> !s.getBoolean("current")).findFirst().orElseThrow();
        assertEquals("LaptopBrowser/1.0", other.getString("userAgent"));

        Response foreign = server.http.delete("/api/v1/account/sessions/" + other.getString("id"), admin.accessToken());
        assertEquals(404, foreign.status(), "another user's session is not theirs to end");
        assertEquals(204, server.http.delete("/api/v1/account/sessions/" + other.getString("id"), agent.accessToken()).status());
        assertEquals(401, server.http.get("/api/v1/auth/me", laptopToken).status(), "the ended session's access token stops working");
        assertEquals(1, server.http.get("/api/v1/account/sessions", agent.accessToken()).json().getJsonArray("items").size());
        assertEquals(404, server.http.delete("/api/v1/account/sessions/" + UUID.randomUUID(), agent.accessToken()).status());
    }

    @Test
    void portalCustomersSeeOnlyTheirOwnSessions() {
        Account customer = server.invite(admin, "customer");
        JsonArray sessions = server.http.get("/api/v1/account/sessions", customer.accessToken()).json().getJsonArray("items");
        assertEquals(1, sessions.size());
        assertTrue(sessions.getJsonObject(0).getBoolean("current"));
        assertEquals(403, server.http.get("/api/v1/organization", customer.accessToken()).status());
    }

    @Test
    void aPasswordResetEmailResetsThePasswordOnce() {
        Account agent = server.invite(admin, "agent");
        Response requested = server.http.post("/api/v1/auth/password-reset", new JsonObject().put("email", agent.email()), null);
        assertEquals(202, requested.status(), requested::toString);
        String token = emailedToken(agent.email(), "reset-password", 1);
        FakeResend.Received email = emails(agent.email(), "reset-password").get(0);
        assertTrue(email.body().getString("html").contains("https://app.acme.test/reset-password?token="), email.body()::encode);

        Response tooShort = server.http.post("/api/v1/auth/password-reset/confirm", new JsonObject().put("token", token)
                .put("newPassword", "short"), null);
        assertEquals(400, tooShort.status());
        Response reset = server.http.post("/api/v1/auth/password-reset/confirm", new JsonObject().put("token", token)
                .put("newPassword", NEW_PASSWORD), null);
        assertEquals(204, reset.status(), reset::toString);
        assertEquals(200, login(agent.email(), NEW_PASSWORD).status());
        assertEquals(401, server.http.get("/api/v1/auth/me", agent.accessToken()).status(), "every session ended with the reset");
        Response again = server.http.post("/api/v1/auth/password-reset/confirm", new JsonObject().put("token", token)
                .put("newPassword", "yet another passphrase"), null);
        assertEquals(400, again.status(), again::toString);
        assertEquals("token", again.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(200, login(agent.email(), NEW_PASSWORD).status(), "the spent token changed nothing");
    }

    @Test
    void aResetForAnUnknownEmailAnswersTheSameAndSendsNothing() {
        String nobody = "nobody-" + UUID.randomUUID() + "@example.test";
        Response requested = server.http.post("/api/v1/auth/password-reset", new JsonObject().put("email", nobody), null);
        assertEquals(202, requested.status());
        Account agent = server.invite(admin, "agent");
        Response known = server.http.post("/api/v1/auth/password-reset", new JsonObject().put("email", agent.email()), null);
        assertEquals(requested.json(), known.json(), "the same answer either way");
        emailedToken(agent.email(), "reset-password", 1);
        assertTrue(resend.to(nobody).isEmpty());
    }

    @Test
    void aNewerResetRequestSupersedesTheOlderLink() {
        Account agent = server.invite(admin, "agent");
        server.http.post("/api/v1/auth/password-reset", new JsonObject().put("email", agent.email()), null);
        String first = emailedToken(agent.email(), "reset-password", 1);
        server.http.post("/api/v1/auth/password-reset", new JsonObject().put("email", agent.email()), null);
        String second = emailedToken(agent.email(), "reset-password", 2);
        assertFalse(first.equals(second));
        assertEquals(400, server.http.post("/api/v1/auth/password-reset/confirm", new JsonObject().put("token", first)
                .put("newPassword", NEW_PASSWORD), null).status());
        assertEquals(204, server.http.post("/api/v1/auth/password-reset/confirm", new JsonObject().put("token", second)
                .put("newPassword", NEW_PASSWORD), null).status());
    }

    @Test
    void invitesAreEmailedAndASentAgainInviteReplacesTheToken() {
        String email = "invitee-" + UUID.randomUUID() + "@example.test";
        Response invite = server.http.post("/api/v1/invites", new JsonObject().put("email", email).put("role", "agent"), admin.accessToken());
        assertEquals(201, invite.status(), invite::toString);
        assertTrue(invite.json().getBoolean("emailed"));
        String emailed = emailedToken(email, "accept-invite", 1);
        assertEquals(invite.json().getString("token"), emailed);
        assertTrue(resend.to(email).get(0).body().getString("subject").contains("Account Org"));

        Response again = server.http.post("/api/v1/invites/" + invite.json().getString("id") + "/resend", new JsonObject(), admin.accessToken());
        assertEquals(200, again.status(), again::toString);
        String newToken = emailedToken(email, "accept-invite", 2);
        assertEquals(again.json().getString("token"), newToken);
        Response old = server.http.post("/api/v1/invites/accept", new JsonObject().put("token", emailed).put("fullName", "Ivy")
                .put("password", Account.PASSWORD), null);
        assertEquals(404, old.status(), "the first token no longer works: " + old);
        Response accepted = server.http.post("/api/v1/invites/accept", new JsonObject().put("token", newToken).put("fullName", "Ivy")
                .put("password", Account.PASSWORD), null);
        assertEquals(201, accepted.status(), accepted::toString);
        Response used = server.http.post("/api/v1/invites/" + invite.json().getString("id") + "/resend", new JsonObject(), admin.accessToken());
        assertEquals(409, used.status(), used::toString);
    }
}
