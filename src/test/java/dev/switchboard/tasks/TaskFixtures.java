package dev.switchboard.tasks;

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

/** Arranging and inspecting tasks for the tests of this package. */
final class TaskFixtures {

    static final String TASKS = "/api/v1/tasks";

    private final TestServer server;

    TaskFixtures(TestServer server) {
        this.server = server;
    }

    JsonObject create(Account who, JsonObject body) {
        Response r = server.http.post(TASKS, body, who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    JsonObject create(Account who, String title) {
        return create(who, new JsonObject().put("title", title));
    }

    JsonObject read(Account who, String id) {
        Response r = server.http.get(TASKS + "/" + id, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** PATCHes with the task's current version (read as superuser, so it works for callers who cannot read it). */
    Response patch(Account who, String id, JsonObject changes) throws Exception {
        int version = Integer.parseInt(single("SELECT version::text FROM tasks WHERE id = ?::uuid", id));
        return server.http.patch(TASKS + "/" + id, changes.copy().put("version", version), who.accessToken());
    }

    List<String> listed(Account who, String query) {
        Response r = server.http.get(TASKS + "?limit=100" + (query.isEmpty() ? "" : "&" + query), who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return ids(r);
    }

    static List<String> ids(Response list) {
        return list.items().stream().map(i -> ((JsonObject) i).getString("id")).toList();
    }

    static List<String> fields(Response problem) {
        JsonArray errors = problem.json().getJsonArray("errors", new JsonArray());
        return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
    }

    static void assertProblem(int status, Response r) {
        assertEquals(status, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertNotNull(r.json().getString("correlationId"));
    }

    /** The events recorded for {@code entityId}, oldest first: each {@code {type, tenantId, payload}}. */
    List<JsonObject> events(String entityId) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT type, tenant_id::text, payload::text FROM outbox "
                     + "WHERE payload->>'entityId' = ? ORDER BY seq")) {
            st.setString(1, entityId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new JsonObject().put("type", rs.getString(1)).put("tenantId", rs.getString(2))
                            .put("payload", new JsonObject(rs.getString(3))));
                }
            }
        }
        return out;
    }

    List<String> eventTypes(String entityId) throws Exception {
        return events(entityId).stream().map(e -> e.getString("type")).toList();
    }

    String single(String sql, String... params) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
