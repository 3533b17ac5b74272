package dev.switchboard.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Arranging and inspecting workflows and their runs for the tests of this package. */
final class WorkflowFixtures {

    static final String WORKFLOWS = "/api/v1/workflows";
    static final String RUNS = "/api/v1/workflow-runs";

    private final TestServer server;

    WorkflowFixtures(TestServer server) {
        this.server = server;
    }

    static JsonObject definition(JsonObject trigger, JsonArray conditions, JsonObject... actions) {
        JsonArray list = new JsonArray();
        for (JsonObject a : actions) {
            list.add(a);
        }
        return new JsonObject().put("trigger", trigger).put("conditions", conditions).put("actions", list);
    }

    static JsonObject trigger(String type) {
        return new JsonObject().put("type", type);
    }

    static JsonObject condition(String field, String op, Object value) {
        return new JsonObject().put("field", field).put("op", op).put("value", value);
    }

    static JsonObject action(String type) {
        return new JsonObject().put("type", type);
    }

    /** Creates an enabled workflow; returns it as answered. */
    JsonObject create(Account who, String name, JsonObject definition) {
        Response r = server.http.post(WORKFLOWS, new JsonObject().put("name", name).put("enabled", true).put("definition", definition),
                who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    /** The runs of {@code workflowId}, oldest first (the list's default is newest first). */
    List<JsonObject> runs(Account who, String workflowId) {
        Response r = server.http.get(RUNS + "?limit=100&sort=createdAt&workflowId=" + workflowId, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        List<JsonObject> out = new ArrayList<>();
        r.items().forEach(o -> out.add((JsonObject) o));
        return out;
    }

    /** Waits until {@code workflowId} has {@code count} finished runs (succeeded, failed or stopped) and returns them with steps. */
    List<JsonObject> finishedRuns(Account who, String workflowId, int count) {
        Eventually.await(() -> runs(who, workflowId).stream().filter(WorkflowFixtures::finished).count() >= count,
                Duration.ofSeconds(20), count + " finished runs of " + workflowId);
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject run : runs(who, workflowId)) {
            Response r = server.http.get(RUNS + "/" + run.getString("id"), who.accessToken());
            assertEquals(200, r.status(), r::toString);
            out.add(r.json());
        }
        return out;
    }

    static boolean finished(JsonObject run) {
        return List.of("succeeded", "failed", "stopped").contains(run.getString("status"));
    }

    /** Rows of {@code table} for {@code tenantId}, by the superuser. */
    long count(String table, String tenantId) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM " + table + " WHERE tenant_id = ?::uuid", tenantId);
    }
}
