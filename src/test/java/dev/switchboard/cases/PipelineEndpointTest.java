package dev.switchboard.cases;

import static dev.switchboard.cases.CaseFixtures.PIPELINES;
import static dev.switchboard.cases.CaseFixtures.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/pipelines}: custom pipelines, their validation, and how their rules govern cases. */
class PipelineEndpointTest {

    private static TestServer server;
    private static CaseFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new CaseFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject stage(String key, boolean terminal, String... roles) {
        JsonObject s = new JsonObject().put("key", key).put("name", key.toUpperCase()).put("terminal", terminal);
        return roles.length == 0 ? s : s.put("setByRoles", new JsonArray(List.of(roles)));
    }

    private static JsonObject support() {
        return new JsonObject().put("name", "Support").put("stages", new JsonArray()
                .add(stage("open", false)).add(stage("escalated", false, "manager")).add(stage("solved", true)));
    }

    @Test
    void aCustomPipelineGovernsItsCases() throws Exception {
        Account admin = server.register("Custom Pipeline");
        Account manager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        Response created = server.http.post(PIPELINES, support(), manager.accessToken());
        assertEquals(201, created.status(), created::toString);
        JsonObject pipeline = created.json();
        assertFalse(pipeline.getBoolean("isDefault"));
        assertNull(pipeline.getValue("transitions"), "no list: any move");
        assertEquals(2, pipeline.getJsonArray("stages").getJsonObject(2).getInteger("position"));
        String id = pipeline.getString("id");

        String c = fx.createCase(agent, new JsonObject().put("title", "Ticket").put("pipelineId", id)).getString("id");
        assertEquals("solved", fx.moveTo(agent, c, "solved").getString("stage"), "any move without a transition list");
        assertProblem(422, fx.status(agent, c, "open", null));
        String d = fx.createCase(agent, new JsonObject().put("title", "Ticket 2").put("pipelineId", id)).getString("id");
        assertProblem(403, fx.status(agent, d, "escalated", null));
        assertEquals(200, fx.status(manager, d, "escalated", null).status());
        assertEquals(200, fx.status(admin, d, "open", null).status());
        assertProblem(403, server.http.post(CaseFixtures.CASES, new JsonObject().put("title", "Straight up").put("pipelineId", id)
                .put("stage", "escalated"), agent.accessToken()));

        JsonObject dropped = support().put("version", 1).put("stages", new JsonArray().add(stage("open", false)).add(stage("solved", true)));
        assertProblem(409, server.http.patch(PIPELINES + "/" + id, dropped.copy().put("stages", new JsonArray().add(stage("open", false))),
                admin.accessToken()));
        Response updated = server.http.patch(PIPELINES + "/" + id, dropped.put("transitions", new JsonArray()
                .add(new JsonObject().put("from", "open").put("to", "solved"))), admin.accessToken());
        assertEquals(200, updated.status(), updated::toString);
        assertEquals(1, updated.json().getJsonArray("transitions").size());
        assertProblem(409, server.http.delete(PIPELINES + "/" + id, admin.accessToken()));
        assertEquals(List.of("pipeline.created", "pipeline.updated"), fx.eventTypes(admin.tenantId(), id));
    }

    @Test
    void rejectsInvalidDefinitions() {
        Account admin = server.register("Pipeline Validation");
        List<JsonObject> invalid = List.of(
                new JsonObject().put("name", "No stages"),
                support().put("stages", new JsonArray()),
                support().put("stages", new JsonArray().add(stage("Bad Key", false))),
                support().put("stages", new JsonArray().add(stage("archived", false))),
                support().put("stages", new JsonArray().add(stage("a", false)).add(stage("a", false))),
                support().put("stages", new JsonArray().add(stage("a", false, "customer"))),
                support().put("transitions", new JsonArray().add(new JsonObject().put("from", "open").put("to", "nowhere"))),
                support().put("transitions", "any"));
        for (JsonObject body : invalid) {
            assertProblem(400, server.http.post(PIPELINES, body, admin.accessToken()));
        }
        assertEquals(201, server.http.post(PIPELINES, support(), admin.accessToken()).status());
        assertProblem(409, server.http.post(PIPELINES, support().put("name", "SUPPORT"), admin.accessToken()));
    }

    @Test
    void theDefaultPipelineCannotBeDeletedButAnUnusedOneCan() throws Exception {
        Account admin = server.register("Pipeline Deletion");
        Account agent = server.invite(admin, "agent");
        JsonArray listed = server.http.get(PIPELINES, agent.accessToken()).items();
        assertEquals(1, listed.size(), "listing creates the default");
        String defaultId = listed.getJsonObject(0).getString("id");
        JsonObject accepted = listed.getJsonObject(0).getJsonArray("stages").getJsonObject(3);
        assertEquals(new JsonArray().add("manager").add("admin"), accepted.getJsonArray("setByRoles"));
        assertEquals(List.of("pipeline.created"), fx.eventTypes(admin.tenantId(), defaultId));
        assertProblem(409, server.http.delete(PIPELINES + "/" + defaultId, admin.accessToken()));
        assertProblem(403, server.http.delete(PIPELINES + "/" + defaultId, agent.accessToken()));

        String spare = server.http.post(PIPELINES, support(), admin.accessToken()).json().getString("id");
        assertEquals(204, server.http.delete(PIPELINES + "/" + spare, admin.accessToken()).status());
        assertProblem(404, server.http.get(PIPELINES + "/" + spare, admin.accessToken()));
        assertTrue(fx.eventTypes(admin.tenantId(), spare).contains("pipeline.deleted"));
    }
}
