package dev.switchboard.tasks;

import static dev.switchboard.testing.ApiAssertions.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

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

    /** The events recorded for {@code entityId}, oldest first: each {@code {type, tenantId, payload}}. */
    List<JsonObject> events(String entityId) {
        return server.events(entityId);
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
