package dev.switchboard.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Arranging and inspecting cases for the tests of this package: HTTP for the API, superuser JDBC for the database. */
final class CaseFixtures {

    static final String CASES = "/api/v1/cases";
    static final String QUEUES = "/api/v1/queues";
    static final String PIPELINES = "/api/v1/pipelines";

    private final TestServer server;

    CaseFixtures(TestServer server) {
        this.server = server;
    }

    JsonObject createCase(Account caller, JsonObject body) {
        Response r = server.http.post(CASES, body, caller.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    JsonObject createCase(Account caller, String title) {
        return createCase(caller, new JsonObject().put("title", title));
    }

    String createQueue(Account manager, String name, String teamId) {
        Response r = server.http.post(QUEUES, new JsonObject().put("name", name).put("teamId", teamId), manager.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    String createTeam(Account admin, String name, Account... members) {
        Response r = server.http.post("/api/v1/teams", new JsonObject().put("name", name), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        String id = r.json().getString("id");
        for (Account member : members) {
            Response added = server.http.put("/api/v1/teams/" + id + "/members/" + member.userId(), null, admin.accessToken());
            assertEquals(204, added.status(), added::toString);
        }
        return id;
    }

    Response status(Account caller, String caseId, String stage, String reason) {
        return server.http.post(CASES + "/" + caseId + "/status", new JsonObject().put("stage", stage).put("reason", reason),
                caller.accessToken());
    }

    JsonObject moveTo(Account caller, String caseId, String... stages) {
        JsonObject last = null;
        for (String stage : stages) {
            Response r = status(caller, caseId, stage, null);
            assertEquals(200, r.status(), r::toString);
            last = r.json();
        }
        return last;
    }

    List<String> listedIds(Account caller, String query) {
        Response r = server.http.get(CASES + "?limit=100" + query, caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return ids(r.items());
    }

    static List<String> ids(JsonArray items) {
        return items.stream().map(i -> ((JsonObject) i).getString("id")).toList();
    }

    static void assertProblem(int status, Response r) {
        assertEquals(status, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType(), r::toString);
        assertNotNull(r.json().getString("correlationId"));
    }

    /** Outbox events of one entity, oldest first: type, then payload. */
    List<JsonObject> events(String tenantId, String entityId) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT type, tenant_id, payload::text FROM outbox "
                     + "WHERE payload->>'entityId' = ? ORDER BY seq")) {
            st.setString(1, entityId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    assertEquals(tenantId, rs.getString(2), "events carry the tenant");
                    out.add(new JsonObject(rs.getString(3)).put("_type", rs.getString(1)));
                }
            }
        }
        return out;
    }

    List<String> eventTypes(String tenantId, String entityId) throws Exception {
        return events(tenantId, entityId).stream().map(e -> e.getString("_type")).toList();
    }

    long count(String sql, String... params) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void execute(String sql, String... params) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            st.executeUpdate();
        }
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }
}
