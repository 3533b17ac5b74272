package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthFlowTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void registersLogsInAndDescribesTheCaller() {
        Account admin = server.register("Northwind Dental");

        Response login = server.http.post("/api/v1/auth/login",
                new JsonObject().put("email", admin.email().toUpperCase()).put("password", Account.PASSWORD), null);
        assertEquals(200, login.status(), login::toString);
        assertEquals(900, login.json().getLong("expiresIn"));
        assertEquals("northwind-dental", login.json().getJsonObject("organization").getString("slug"));

        Response me = server.http.get("/api/v1/auth/me", login.json().getString("accessToken"));
        assertEquals(200, me.status(), me::toString);
        assertEquals(admin.userId(), me.json().getJsonObject("user").getString("id"));
        assertEquals("admin", me.json().getJsonObject("user").getString("role"));
        assertTrue(me.json().getJsonArray("permissions").contains("users.manage"));
        assertTrue(me.json().getJsonObject("user").getValue("passwordHash") == null);
    }

    @Test
    void rejectsWrongPasswordAndUnknownEmailAlike() {
        Account admin = server.register("Wrong Password Ltd");
        Response wrong = server.http.post("/api/v1/auth/login",
                new JsonObject().put("email", admin.email()).put("password", "not the password"), null);
        Response unknown = server.http.post("/api/v1/auth/login",
                new JsonObject().put("email", "nobody-" + UUID.randomUUID() + "@example.test").put("password", "whatever1234"), null);
        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertEquals(wrong.json().getString("detail"), unknown.json().getString("detail"));
        assertEquals("application/problem+json", wrong.contentType());
    }

    @Test
    void refusesASecondAccountWithTheSameEmail() {
        Account admin = server.register("First Co");
        Response again = server.http.post("/api/v1/auth/register", new JsonObject()
                .put("organizationName", "Second Co").put("email", admin.email().toUpperCase())
                .put("password", Account.PASSWORD).put("fullName", "Someone"), null);
        assertEquals(409, again.status(), again::toString);
    }

    @Test
    void rotatesRefreshTokens() {
        Account admin = server.register("Rotation Inc");
        Response first = refresh(admin.refreshToken());
        assertEquals(200, first.status(), first::toString);
        String rotated = first.json().getString("refreshToken");
        assertNotEquals(admin.refreshToken(), rotated);

        Response second = refresh(rotated);
        assertEquals(200, second.status(), second::toString);
        assertEquals(200, server.http.get("/api/v1/auth/me", second.json().getString("accessToken")).status());
    }

    @Test
    void reuseOfARotatedRefreshTokenRevokesTheWholeFamily() throws Exception {
        Account admin = server.register("Reuse Detection GmbH");
        String current = refresh(admin.refreshToken()).json().getString("refreshToken");

        Response replay = refresh(admin.refreshToken());
        assertEquals(401, replay.status(), replay::toString);
        assertEquals("application/problem+json", replay.contentType());

        Response afterRevocation = refresh(current);
        assertEquals(401, afterRevocation.status(), "the legitimate holder's token is revoked too");
        assertEquals(1, auditCount(admin.tenantId(), "auth.refresh_reuse"));
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        Account admin = server.register("Logout Partners");
        Response out = server.http.post("/api/v1/auth/logout", null, admin.accessToken());
        assertEquals(204, out.status(), out::toString);
        assertEquals(401, refresh(admin.refreshToken()).status());
        assertEquals(1, auditCount(admin.tenantId(), "auth.logout"));
    }

    @Test
    void invitedUserJoinsWithTheInvitedRole() {
        Account admin = server.register("Invite Works");
        Account agent = server.invite(admin, "agent");
        Response me = server.http.get("/api/v1/auth/me", agent.accessToken());
        assertEquals("agent", me.json().getJsonObject("user").getString("role"));
        assertEquals(admin.tenantId(), me.json().getJsonObject("organization").getString("id"));
        assertTrue(!me.json().getJsonArray("permissions").contains("users.manage"));
    }

    @Test
    void anInviteCanBeUsedOnlyOnce() {
        Account admin = server.register("Single Use");
        String token = createInvite(admin, "viewer");
        assertEquals(201, accept(token).status());
        Response reused = accept(token);
        assertEquals(410, reused.status(), reused::toString);
        assertTrue(reused.json().getString("type").endsWith("/invite-used"));
    }

    @Test
    void anExpiredInviteIsRefusedClearly() throws Exception {
        Account admin = server.register("Expiry Corp");
        String token = createInvite(admin, "agent");
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("UPDATE invites SET expires_at = now() - interval '1 minute' WHERE tenant_id = ?::uuid")) {
            st.setString(1, admin.tenantId());
            assertEquals(1, st.executeUpdate());
        }
        Response expired = accept(token);
        assertEquals(410, expired.status(), expired::toString);
        assertTrue(expired.json().getString("type").endsWith("/invite-expired"));
    }

    @Test
    void aRevokedInviteIsRefusedClearly() {
        Account admin = server.register("Revocation Corp");
        Response invite = server.http.post("/api/v1/invites",
                new JsonObject().put("email", "r-" + UUID.randomUUID() + "@example.test").put("role", "agent"), admin.accessToken());
        assertEquals(204, server.http.delete("/api/v1/invites/" + invite.json().getString("id"), admin.accessToken()).status());
        Response revoked = accept(invite.json().getString("token"));
        assertEquals(410, revoked.status(), revoked::toString);
        assertTrue(revoked.json().getString("type").endsWith("/invite-revoked"));
    }

    @Test
    void roleChangeIsAuditedWithBeforeAndAfter() throws Exception {
        Account admin = server.register("Audit Trail");
        Account agent = server.invite(admin, "agent");
        Response changed = server.http.put("/api/v1/users/" + agent.userId() + "/role",
                new JsonObject().put("role", "manager"), admin.accessToken());
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("manager", changed.json().getString("role"));

        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT actor_id, before ->> 'role', after ->> 'role', request_id "
                     + "FROM audit_log WHERE tenant_id = ?::uuid AND action = 'user.role_changed'")) {
            st.setString(1, admin.tenantId());
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "role change audited");
                assertEquals(admin.userId(), rs.getString(1));
                assertEquals("agent", rs.getString(2));
                assertEquals("manager", rs.getString(3));
                assertEquals(changed.header("X-Request-Id"), rs.getString(4));
            }
        }
        Response me = server.http.get("/api/v1/auth/me", agent.accessToken());
        assertTrue(me.json().getJsonArray("permissions").contains("cases.read_all"), "new role applies at once");
    }

    @Test
    void theLastAdminCannotBeDemoted() {
        Account admin = server.register("Lone Admin");
        Account second = server.invite(admin, "admin");
        assertEquals(200, server.http.put("/api/v1/users/" + admin.userId() + "/role",
                new JsonObject().put("role", "agent"), second.accessToken()).status());
        Response last = server.http.put("/api/v1/users/" + second.userId() + "/role",
                new JsonObject().put("role", "agent"), server.register("Other").accessToken());
        assertEquals(404, last.status(), "another organization's admin cannot even see the user");
    }

    @Test
    void aDeactivatedUserLosesAccessAtOnce() throws Exception {
        Account admin = server.register("Deactivation Ltd");
        Account agent = server.invite(admin, "agent");
        assertEquals(200, server.http.get("/api/v1/auth/me", agent.accessToken()).status());

        Response off = server.http.post("/api/v1/users/" + agent.userId() + "/deactivate", null, admin.accessToken());
        assertEquals(200, off.status(), off::toString);
        assertEquals(false, off.json().getBoolean("active"));

        assertEquals(401, server.http.get("/api/v1/auth/me", agent.accessToken()).status());
        assertEquals(401, refresh(agent.refreshToken()).status());
        Response login = server.http.post("/api/v1/auth/login",
                new JsonObject().put("email", agent.email()).put("password", Account.PASSWORD), null);
        assertEquals(403, login.status(), login::toString);
        assertEquals(1, auditCount(admin.tenantId(), "user.deactivated"));
    }

    @Test
    void agentsCannotManageUsers() {
        Account admin = server.register("Permissions Matter");
        Account agent = server.invite(admin, "agent");
        Response attempt = server.http.put("/api/v1/users/" + admin.userId() + "/role",
                new JsonObject().put("role", "viewer"), agent.accessToken());
        assertEquals(403, attempt.status(), attempt::toString);
    }

    @Test
    void perUserGrantsAndRevocationsShapeEffectivePermissions() {
        Account admin = server.register("Grants Co");
        Account agent = server.invite(admin, "agent");
        Response set = server.http.put("/api/v1/users/" + agent.userId() + "/permissions", new JsonObject()
                .put("grants", new io.vertx.core.json.JsonArray().add("calendar.read_details"))
                .put("revocations", new io.vertx.core.json.JsonArray().add("cases.write")), admin.accessToken());
        assertEquals(200, set.status(), set::toString);
        var permissions = server.http.get("/api/v1/auth/me", agent.accessToken()).json().getJsonArray("permissions");
        assertTrue(permissions.contains("calendar.read_details"));
        assertTrue(!permissions.contains("cases.write"));
    }

    private Response refresh(String token) {
        return server.http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", token), null);
    }

    private String createInvite(Account admin, String role) {
        Response invite = server.http.post("/api/v1/invites",
                new JsonObject().put("email", role + "-" + UUID.randomUUID() + "@example.test").put("role", role), admin.accessToken());
        assertEquals(201, invite.status(), invite::toString);
        assertNotNull(invite.json().getString("token"));
        return invite.json().getString("token");
    }

    private Response accept(String token) {
        return server.http.post("/api/v1/invites/accept", new JsonObject()
                .put("token", token).put("fullName", "New Person").put("password", Account.PASSWORD), null);
    }

    private int auditCount(String tenantId, String action) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action = ?")) {
            st.setString(1, tenantId);
            st.setString(2, action);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
