package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.SuperuserSql;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Organization API keys: shown once and stored hashed, no more permissions than their creator's, usable as a bearer
 * token on REST and on the WebSocket, audited as their own actor, and dead once revoked.
 */
class ApiKeyTest {

    private static TestServer server;
    private static Vertx clients;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
        clients = Vertx.vertx();
        admin = server.register("Key Org");
    }

    @AfterAll
    static void stop() {
        WsClient.await(clients.close());
        server.close();
    }

    private static JsonObject createKey(Account by, String name, String... permissions) {
        Response r = server.http.post("/api/v1/api-keys", new JsonObject().put("name", name)
                .put("permissions", new JsonArray(List.of(permissions))), by.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    @Test
    void aKeyIsShownOnceStoredHashedAndCreatesATaskAuditedAsTheKey() {
        JsonObject created = createKey(admin, "Importer", "tasks.write");
        String key = created.getString("key");
        assertTrue(key.startsWith("sbk_") && key.startsWith(created.getString("prefix")), created::toString);

        Response fetched = server.http.get("/api/v1/api-keys/" + created.getString("id"), admin.accessToken());
        assertEquals(200, fetched.status(), fetched::toString);
        assertNull(fetched.json().getValue("key"), "the secret is never shown again");
        assertEquals("active", fetched.json().getString("status"));
        try (SuperuserSql sql = new SuperuserSql(server.db)) {
            assertEquals(1, sql.count("SELECT count(*) FROM api_keys t WHERE id = ?::uuid AND strpos(t::text, ?) = 0",
                    created.getString("id"), key.substring(created.getString("prefix").length())), "the secret is not stored as such");
        }

        Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Made by a key"), key);
        assertEquals(201, task.status(), task::toString);
        String taskId = task.json().getString("id");
        try (SuperuserSql sql = new SuperuserSql(server.db)) {
            List<String[]> audit = sql.rows("SELECT actor_type, actor_id::text FROM audit_log WHERE entity_id = ?::uuid", taskId);
            assertEquals(1, audit.size());
            assertEquals("api_key", audit.get(0)[0]);
            assertEquals(created.getString("id"), audit.get(0)[1]);
        }
        Response listed = server.http.get("/api/v1/api-keys", admin.accessToken());
        JsonObject mine = listed.items().stream().map(JsonObject.class::cast)
                .filter(k -> k.getString("id").equals(created.getString("id"))).findFirst().orElseThrow();
        assertNotNull(mine.getString("lastUsedAt"), "the key's use is recorded");
    }

    @Test
    void aKeyCanOnlyDoWhatItWasGiven() {
        String key = createKey(admin, "Read only", "cases.read_all").getString("key");
        Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Not allowed"), key);
        assertEquals(403, task.status(), task::toString);
        assertEquals(200, server.http.get("/api/v1/cases", key).status());

        Response keyMakingKey = server.http.post("/api/v1/api-keys", new JsonObject().put("name", "Nested")
                .put("permissions", new JsonArray()), key);
        assertEquals(403, keyMakingKey.status(), "a key never creates keys: " + keyMakingKey);
        assertEquals(403, server.http.get("/api/v1/account/sessions", key).status(), "a key has no sessions of its own");
        assertEquals(403, server.http.post("/api/v1/auth/logout", new JsonObject(), key).status(), "nor a session to end");
        assertEquals(200, server.http.get("/api/v1/cases", key).status(), "and keeps working");
    }

    @Test
    void nobodyGivesAKeyMoreThanTheyHold() {
        Account manager = server.invite(admin, "manager");
        Response granted = server.http.put("/api/v1/users/" + manager.userId() + "/permissions",
                new JsonObject().put("grants", new JsonArray().add("api_keys.manage")), admin.accessToken());
        assertEquals(200, granted.status(), granted::toString);
        Response tooMuch = server.http.post("/api/v1/api-keys", new JsonObject().put("name", "Escalation")
                .put("permissions", new JsonArray().add("tasks.write").add("users.manage")), manager.accessToken());
        assertEquals(403, tooMuch.status(), tooMuch::toString);
        assertTrue(tooMuch.json().getString("detail").contains("users.manage"), tooMuch::toString);
        assertEquals(201, server.http.post("/api/v1/api-keys", new JsonObject().put("name", "Fine")
                .put("permissions", new JsonArray().add("tasks.write")), manager.accessToken()).status());

        Response unknown = server.http.post("/api/v1/api-keys", new JsonObject().put("name", "Typo")
                .put("permissions", new JsonArray().add("tasks.writ")), admin.accessToken());
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals("permissions", unknown.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Response past = server.http.post("/api/v1/api-keys", new JsonObject().put("name", "Past").put("permissions", new JsonArray())
                .put("expiresAt", Instant.now().minusSeconds(60).toString()), admin.accessToken());
        assertEquals(400, past.status(), past::toString);
        assertEquals("expiresAt", past.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        JsonObject created = createKey(admin, "Short lived", "cases.read_all");
        String key = created.getString("key");
        assertEquals(200, server.http.get("/api/v1/cases", key).status());
        assertEquals(204, server.http.delete("/api/v1/api-keys/" + created.getString("id"), admin.accessToken()).status());
        Response refused = server.http.get("/api/v1/cases", key);
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("revoked", server.http.get("/api/v1/api-keys/" + created.getString("id"), admin.accessToken()).json().getString("status"));
        assertEquals(409, server.http.delete("/api/v1/api-keys/" + created.getString("id"), admin.accessToken()).status());
        assertEquals(401, server.http.get("/api/v1/cases", key.substring(0, key.length() - 2) + "AA").status(), "a forged secret");
    }

    @Test
    void anExpiredKeyIsRefused() {
        JsonObject created = createKey(admin, "Expiring", "cases.read_all");
        try (SuperuserSql sql = new SuperuserSql(server.db)) {
            sql.rows("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?::uuid RETURNING id", created.getString("id"));
        }
        // the key was never used, so nothing about it is cached yet
        assertEquals(401, server.http.get("/api/v1/cases", created.getString("key")).status());
    }

    @Test
    void aKeyOpensASocketAndReceivesTheOrganizationsEvents() {
        String key = createKey(admin, "Socket", "tasks.write", "tasks.read_all").getString("key");
        try (WsClient ws = WsClient.welcomed(clients, server.port, key)) {
            ws.subscribe("org");
            Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Seen live"), admin.accessToken());
            assertEquals(201, task.status(), task::toString);
            JsonObject event = ws.await(f -> "event".equals(f.getString("type"))
                    && task.json().getString("id").equals(f.getJsonObject("data", new JsonObject()).getString("entityId")), 10);
            assertNotNull(event);
        }
        Response presence = server.http.get("/api/v1/presence", admin.accessToken());
        assertEquals(200, presence.status());
    }

    @Test
    void revokingAKeyClosesItsSocketsWithinASecond() {
        JsonObject created = createKey(admin, "Socket revoked", "tasks.read_all");
        try (WsClient ws = WsClient.welcomed(clients, server.port, created.getString("key"))) {
            long started = System.nanoTime();
            assertEquals(204, server.http.delete("/api/v1/api-keys/" + created.getString("id"), admin.accessToken()).status());
            assertEquals(CloseCodes.AUTH_FAILED, ws.awaitClose(5));
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "closed within a second");
        }
    }

    @Test
    void portalCustomersAndOtherStaffCannotSeeKeys() {
        Account customer = server.invite(admin, "customer");
        Account agent = server.invite(admin, "agent");
        assertEquals(403, server.http.get("/api/v1/api-keys", customer.accessToken()).status());
        assertEquals(403, server.http.get("/api/v1/api-keys", agent.accessToken()).status());
        Account other = server.register("Other Key Org");
        String id = createKey(admin, "Private", "cases.read_all").getString("id");
        assertEquals(404, server.http.get("/api/v1/api-keys/" + id, other.accessToken()).status());
        assertEquals(404, server.http.delete("/api/v1/api-keys/" + id, other.accessToken()).status());
    }
}
