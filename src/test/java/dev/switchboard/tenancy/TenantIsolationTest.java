package dev.switchboard.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One organization cannot read or change another's users, teams or invites: over HTTP every foreign id
 * answers 404 exactly as an unknown id does and changes nothing; underneath, row-level security hides
 * and protects the other tenant's rows even from a query that forgets its tenant filter.
 */
class TenantIsolationTest {

    private static final String APP_ROLE = "switchboard_app";
    /** Tenant-owned tables and the column RLS keys them by. */
    private static final Map<String, String> TENANT_TABLES = Map.of(
            "organizations", "id", "users", "tenant_id", "user_permissions", "tenant_id", "teams", "tenant_id",
            "team_members", "tenant_id", "invites", "tenant_id", "audit_log", "tenant_id", "refresh_tokens", "tenant_id",
            "outbox", "tenant_id");

    private static TestServer server;
    private static Org a;
    private static Org b;

    /** What each organization is made of for these tests. {@code viewer} is deactivated and holds a permission grant. */
    private record Org(Account admin, Account agent, Account viewer, String teamId, String inviteId) {

        Set<String> ids() {
            return Set.of(admin.userId(), agent.userId(), viewer.userId(), teamId, inviteId, admin.tenantId());
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        a = arrange("Alpha Clinic");
        b = arrange("Beta Agency");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anotherOrganizationsIdsAnswer404AndChangeNothing() throws Exception {
        String before = snapshot(a.admin().tenantId());
        int teamVersion = server.http.get("/api/v1/teams/" + a.teamId(), a.admin().accessToken()).json().getInteger("version");
        String aAgent = a.agent().userId();
        String aTeam = a.teamId();

        List<Attempt> attempts = List.of(
                new Attempt(HttpMethod.GET, "/api/v1/users/" + aAgent, null),
                new Attempt(HttpMethod.GET, "/api/v1/users/" + a.admin().userId(), null),
                new Attempt(HttpMethod.PUT, "/api/v1/users/" + aAgent + "/role", new JsonObject().put("role", "viewer")),
                new Attempt(HttpMethod.PUT, "/api/v1/users/" + a.admin().userId() + "/role", new JsonObject().put("role", "agent")),
                new Attempt(HttpMethod.GET, "/api/v1/users/" + aAgent + "/permissions", null),
                new Attempt(HttpMethod.PUT, "/api/v1/users/" + aAgent + "/permissions", new JsonObject()
                        .put("grants", new JsonArray().add("data.export")).put("revocations", new JsonArray().add("cases.write"))),
                new Attempt(HttpMethod.POST, "/api/v1/users/" + aAgent + "/deactivate", null),
                new Attempt(HttpMethod.POST, "/api/v1/users/" + a.viewer().userId() + "/reactivate", null),
                new Attempt(HttpMethod.GET, "/api/v1/teams/" + aTeam, null),
                new Attempt(HttpMethod.PATCH, "/api/v1/teams/" + aTeam, new JsonObject().put("name", "Taken Over").put("version", teamVersion)),
                new Attempt(HttpMethod.DELETE, "/api/v1/teams/" + aTeam, null),
                new Attempt(HttpMethod.GET, "/api/v1/teams/" + aTeam + "/members", null),
                new Attempt(HttpMethod.PUT, "/api/v1/teams/" + aTeam + "/members/" + b.agent().userId(), null),
                new Attempt(HttpMethod.PUT, "/api/v1/teams/" + aTeam + "/members/" + a.admin().userId(), null),
                new Attempt(HttpMethod.PUT, "/api/v1/teams/" + b.teamId() + "/members/" + aAgent, null),
                new Attempt(HttpMethod.DELETE, "/api/v1/teams/" + aTeam + "/members/" + aAgent, null),
                new Attempt(HttpMethod.DELETE, "/api/v1/teams/" + aTeam + "/members/" + b.agent().userId(), null),
                new Attempt(HttpMethod.DELETE, "/api/v1/teams/" + b.teamId() + "/members/" + aAgent, null),
                new Attempt(HttpMethod.DELETE, "/api/v1/invites/" + a.inviteId(), null));

        for (Attempt attempt : attempts) {
            Response foreign = attempt.send(b.admin());
            assertProblem(404, foreign, attempt.toString());
            Response unknown = attempt.withUnknownIdsInsteadOf(a.ids()).send(b.admin());
            assertProblem(404, unknown, "unknown-id twin of " + attempt);
            assertEquals(unknown.json().getString("type"), foreign.json().getString("type"), attempt::toString);
            assertEquals(unknown.json().getString("detail"), foreign.json().getString("detail"),
                    () -> "a foreign id must be indistinguishable from an unknown one: " + attempt);
        }

        assertEquals(before, snapshot(a.admin().tenantId()), "organization A's rows are exactly as they were");
        try (Connection c = TestDatabase.connect(server.db)) {
            assertEquals("agent", single(c, "SELECT role FROM users WHERE id = ?::uuid", aAgent));
            assertEquals("true", single(c, "SELECT active::text FROM users WHERE id = ?::uuid", aAgent));
            assertEquals("false", single(c, "SELECT active::text FROM users WHERE id = ?::uuid", a.viewer().userId()));
            assertEquals("Front Desk", single(c, "SELECT name FROM teams WHERE id = ?::uuid", aTeam));
            assertEquals(aAgent, single(c, "SELECT string_agg(user_id::text, ',') FROM team_members WHERE team_id = ?::uuid", aTeam));
            assertNull(single(c, "SELECT string_agg(user_id::text, ',') FROM team_members WHERE team_id = ?::uuid AND user_id <> ?::uuid",
                    b.teamId(), b.agent().userId()), "nobody from A joined B's team");
            assertNull(single(c, "SELECT revoked_at::text FROM invites WHERE id = ?::uuid", a.inviteId()), "A's invite is still pending");
            assertEquals("0", single(c, "SELECT count(*)::text FROM audit_log WHERE actor_id = ?::uuid AND entity_id = ANY (?::uuid[])",
                    b.admin().userId(), "{" + String.join(",", a.ids()) + "}"), "nothing B tried was recorded as done");
        }
        assertEquals(200, server.http.get("/api/v1/auth/me", a.agent().accessToken()).status(), "A's agent still signs in");
    }

    @Test
    void idsThatAreNotUuidsAnswer404() {
        String[] malformed = {"not-a-uuid", "12345", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", a.agent().userId() + "0",
                a.teamId().replace("-", ""), "'%20OR%201=1--"};
        for (String bad : malformed) {
            List<Attempt> attempts = List.of(
                    new Attempt(HttpMethod.GET, "/api/v1/users/" + bad, null),
                    new Attempt(HttpMethod.PUT, "/api/v1/users/" + bad + "/role", new JsonObject().put("role", "viewer")),
                    new Attempt(HttpMethod.GET, "/api/v1/users/" + bad + "/permissions", null),
                    new Attempt(HttpMethod.POST, "/api/v1/users/" + bad + "/deactivate", null),
                    new Attempt(HttpMethod.GET, "/api/v1/teams/" + bad, null),
                    new Attempt(HttpMethod.PATCH, "/api/v1/teams/" + bad, new JsonObject().put("name", "X").put("version", 1)),
                    new Attempt(HttpMethod.DELETE, "/api/v1/teams/" + bad, null),
                    new Attempt(HttpMethod.GET, "/api/v1/teams/" + bad + "/members", null),
                    new Attempt(HttpMethod.PUT, "/api/v1/teams/" + b.teamId() + "/members/" + bad, null),
                    new Attempt(HttpMethod.DELETE, "/api/v1/teams/" + b.teamId() + "/members/" + bad, null),
                    new Attempt(HttpMethod.DELETE, "/api/v1/invites/" + bad, null));
            for (Attempt attempt : attempts) {
                assertProblem(404, attempt.send(b.admin()), attempt.toString());
            }
        }
    }

    @Test
    void listsShowOnlyTheCallersOrganization() throws Exception {
        Set<String> everyIdOfA = everyId(a.admin().tenantId());
        assertTrue(everyIdOfA.containsAll(a.ids()));
        for (String list : new String[] {"/api/v1/users?limit=100", "/api/v1/teams?limit=100", "/api/v1/invites?limit=100"}) {
            Response r = server.http.get(list, b.admin().accessToken());
            assertEquals(200, r.status(), () -> list + ": " + r);
            assertFalse(r.items().isEmpty(), () -> list + " lists B's own records");
            String body = r.body().toString();
            for (String id : everyIdOfA) {
                assertFalse(body.contains(id), () -> list + " leaks A's id " + id);
            }
            for (Account account : List.of(a.admin(), a.agent(), a.viewer())) {
                assertFalse(body.contains(account.email()), () -> list + " leaks A's email " + account.email());
            }
        }
        assertTrue(ids("/api/v1/users?limit=100").containsAll(Set.of(b.admin().userId(), b.agent().userId(), b.viewer().userId())));
        assertEquals(Set.of(b.teamId()), ids("/api/v1/teams?limit=100"));
        assertTrue(ids("/api/v1/invites?limit=100").contains(b.inviteId()));
    }

    @Test
    void rowLevelSecurityHidesAnotherTenantsRows() throws Exception {
        String tenantA = a.admin().tenantId();
        String tenantB = b.admin().tenantId();
        try (Connection c = TestDatabase.connect(server.db)) {
            for (var table : TENANT_TABLES.entrySet()) {
                assertTrue(count(c, table.getKey(), table.getValue(), tenantA) > 0, () -> "A has rows in " + table.getKey());
            }
            execute(c, "SET ROLE " + APP_ROLE);
            single(c, "SELECT set_config('app.tenant_id', ?, false)", tenantB);
            for (var table : TENANT_TABLES.entrySet()) {
                String name = table.getKey();
                assertEquals(0, count(c, name, table.getValue(), tenantA), () -> "tenant B sees A's rows in " + name);
                int own = count(c, name, table.getValue(), tenantB);
                assertTrue(own > 0, () -> "tenant B sees its own rows in " + name + " (the role and setting work)");
                assertEquals(own, Integer.parseInt(single(c, "SELECT count(*)::text FROM " + name)),
                        () -> "an unfiltered query on " + name + " returns only B's rows");
            }
        }
    }

    @Test
    void withNoTenantBoundTheAppRoleSeesNoRows() throws Exception {
        try (Connection c = TestDatabase.connect(server.db)) {
            execute(c, "SET ROLE " + APP_ROLE);
            assertEquals(APP_ROLE, single(c, "SELECT current_user"));
            for (String table : TENANT_TABLES.keySet()) {
                assertEquals("0", single(c, "SELECT count(*)::text FROM " + table), () -> table + " with no tenant bound");
            }
            single(c, "SELECT set_config('app.tenant_id', '', false)");
            assertEquals("0", single(c, "SELECT count(*)::text FROM users"), "an empty tenant setting binds no tenant");
        }
    }

    @Test
    void rowLevelSecurityRefusesWritesIntoAnotherTenant() throws Exception {
        String tenantA = a.admin().tenantId();
        String before = snapshot(tenantA);
        try (Connection c = TestDatabase.connect(server.db)) {
            execute(c, "SET ROLE " + APP_ROLE);
            single(c, "SELECT set_config('app.tenant_id', ?, false)", b.admin().tenantId());

            assertRlsViolation(c, "INSERT INTO users (tenant_id, id, email, full_name, password_hash, role) "
                    + "VALUES (?::uuid, gen_random_uuid(), 'intruder-" + UUID.randomUUID() + "@example.test', 'Intruder', 'x', 'admin')", tenantA);
            assertRlsViolation(c, "INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (?::uuid, ?::uuid, ?::uuid)",
                    tenantA, a.teamId(), a.admin().userId());
            assertRlsViolation(c, "INSERT INTO invites (tenant_id, id, email, role, token_hash, invited_by, expires_at) "
                    + "VALUES (?::uuid, gen_random_uuid(), 'x@example.test', 'admin', '\\x00', gen_random_uuid(), now() + interval '1 day')", tenantA);
            assertRlsViolation(c, "UPDATE teams SET tenant_id = ?::uuid WHERE id = ?::uuid", tenantA, b.teamId());

            assertEquals(0, update(c, "UPDATE users SET role = 'viewer' WHERE tenant_id = ?::uuid", tenantA));
            assertEquals(0, update(c, "UPDATE invites SET revoked_at = now() WHERE tenant_id = ?::uuid", tenantA));
            assertEquals(0, update(c, "DELETE FROM team_members WHERE tenant_id = ?::uuid", tenantA));
            assertEquals(0, update(c, "DELETE FROM teams WHERE id = ?::uuid", a.teamId()));
        }
        assertEquals(before, snapshot(tenantA), "organization A's rows are exactly as they were");
    }

    @Test
    void theAppRoleIsNotASuperuserAndCannotBypassRowLevelSecurity() throws Exception {
        try (Connection c = TestDatabase.connect(server.db)) {
            assertEquals("false,false", single(c, "SELECT rolsuper || ',' || rolbypassrls FROM pg_roles WHERE rolname = ?", APP_ROLE));
            assertEquals("0", single(c, "SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public' AND tableowner = ?", APP_ROLE),
                    "a table's owner bypasses its policies, so the app role owns none");
            for (String table : TENANT_TABLES.keySet()) {
                assertEquals("true", single(c, "SELECT relrowsecurity::text FROM pg_class WHERE oid = ?::regclass", table),
                        () -> "row-level security enabled on " + table);
            }
        }
    }

    @Test
    void requestTrafficRunsAsTheAppRole() throws Exception {
        Row row = server.app.pool().query("SELECT current_user AS role, current_setting('is_superuser') AS superuser").execute()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next();
        assertEquals(APP_ROLE, row.getString("role"));
        assertEquals("off", row.getString("superuser"));
    }

    private static Org arrange(String name) {
        Account admin = server.register(name);
        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        String token = admin.accessToken();
        expect(200, server.http.put("/api/v1/users/" + viewer.userId() + "/permissions", new JsonObject()
                .put("grants", new JsonArray().add("calendar.read_details")).put("revocations", new JsonArray()), token));
        expect(200, server.http.post("/api/v1/users/" + viewer.userId() + "/deactivate", null, token));
        String teamId = expect(201, server.http.post("/api/v1/teams",
                new JsonObject().put("name", "Front Desk").put("description", name + " reception"), token)).json().getString("id");
        expect(204, server.http.put("/api/v1/teams/" + teamId + "/members/" + agent.userId(), null, token));
        String inviteId = expect(201, server.http.post("/api/v1/invites", new JsonObject()
                .put("email", "pending-" + UUID.randomUUID() + "@example.test").put("role", "agent"), token)).json().getString("id");
        return new Org(admin, agent, viewer, teamId, inviteId);
    }

    private static Response expect(int status, Response r) {
        assertEquals(status, r.status(), r::toString);
        return r;
    }

    private static Set<String> ids(String list) {
        Set<String> ids = new HashSet<>();
        server.http.get(list, b.admin().accessToken()).items().forEach(item -> ids.add(((JsonObject) item).getString("id")));
        return ids;
    }

    private static void assertProblem(int status, Response r, String what) {
        assertEquals(status, r.status(), () -> what + ": " + r);
        assertEquals("application/problem+json", r.contentType(), what);
        assertEquals(status, r.json().getInteger("status"), what);
        assertNotNull(r.json().getString("correlationId"), what);
    }

    /** Every row of one tenant that these tests could change, as text, in a stable order. */
    private static String snapshot(String tenantId) throws SQLException {
        String[] queries = {
            "SELECT id, name, slug, active, settings FROM organizations WHERE id = ?::uuid",
            "SELECT id, email, full_name, role, active, version, updated_at FROM users WHERE tenant_id = ?::uuid ORDER BY id",
            "SELECT user_id, permission, granted FROM user_permissions WHERE tenant_id = ?::uuid ORDER BY user_id, permission",
            "SELECT id, name, description, version FROM teams WHERE tenant_id = ?::uuid ORDER BY id",
            "SELECT team_id, user_id FROM team_members WHERE tenant_id = ?::uuid ORDER BY team_id, user_id",
            "SELECT id, email, role, accepted_at, revoked_at, expires_at FROM invites WHERE tenant_id = ?::uuid ORDER BY id",
            "SELECT id, used_at, revoked_at FROM refresh_tokens WHERE tenant_id = ?::uuid ORDER BY id",
            "SELECT id, action FROM audit_log WHERE tenant_id = ?::uuid ORDER BY id",
            "SELECT id, type FROM outbox WHERE tenant_id = ?::uuid ORDER BY seq"};
        StringBuilder out = new StringBuilder();
        try (Connection c = TestDatabase.connect(server.db)) {
            for (String query : queries) {
                try (PreparedStatement st = c.prepareStatement(query)) {
                    st.setString(1, tenantId);
                    try (ResultSet rs = st.executeQuery()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                out.append(rs.getString(i)).append('|');
                            }
                            out.append('\n');
                        }
                    }
                }
                out.append("--\n");
            }
        }
        return out.toString();
    }

    /** The ids of every user, team and invite of a tenant, and the tenant's own. */
    private static Set<String> everyId(String tenantId) throws SQLException {
        Set<String> ids = new HashSet<>(Set.of(tenantId));
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT id::text FROM users WHERE tenant_id = ?::uuid UNION ALL "
                     + "SELECT id::text FROM teams WHERE tenant_id = ?::uuid UNION ALL SELECT id::text FROM invites WHERE tenant_id = ?::uuid")) {
            for (int i = 1; i <= 3; i++) {
                st.setString(i, tenantId);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static int count(Connection c, String table, String column, String tenantId) throws SQLException {
        return Integer.parseInt(single(c, "SELECT count(*)::text FROM " + table + " WHERE " + column + " = ?::uuid", tenantId));
    }

    private static String single(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), sql);
                return rs.getString(1);
            }
        }
    }

    private static int update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            return st.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void assertRlsViolation(Connection c, String sql, String... params) {
        SQLException e = assertThrows(SQLException.class, () -> update(c, sql, params), sql);
        assertEquals("42501", e.getSQLState(), () -> sql + " failed for another reason: " + e.getMessage());
        assertTrue(e.getMessage().contains("row-level security"), e::getMessage);
    }

    /** One request organization B's admin makes. */
    private record Attempt(HttpMethod method, String path, JsonObject body) {

        Response send(Account caller) {
            return server.http.send(method, path, caller.accessToken(), body == null ? null : body.toBuffer(), Map.of());
        }

        /** The same request with each of {@code ids} replaced by an id nobody has. */
        Attempt withUnknownIdsInsteadOf(Set<String> ids) {
            String replaced = path;
            for (String id : ids) {
                replaced = replaced.replace(id, UUID.randomUUID().toString());
            }
            return new Attempt(method, replaced, body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
