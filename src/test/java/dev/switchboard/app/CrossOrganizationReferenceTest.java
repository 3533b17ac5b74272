package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An id that points at another record must name a usable record of the caller's own organization: another
 * organization's id, or a made-up one, is refused with 422 naming the field, and nothing is stored.
 */
class CrossOrganizationReferenceTest {

    private static TestServer server;
    private static Account admin;
    private static Account otherAdmin;
    private static String ownQueue;
    private static String otherQueue;
    private static String otherTemplate;
    private static String otherEndpoint;
    private static final String MADE_UP = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Reference Dental");
        otherAdmin = server.register("Reference Rival");
        ownQueue = id(server.http.post("/api/v1/queues", new JsonObject().put("name", "Front desk"), admin.accessToken()));
        otherQueue = id(server.http.post("/api/v1/queues", new JsonObject().put("name", "Rival desk"), otherAdmin.accessToken()));
        otherTemplate = id(server.http.post("/api/v1/email-templates", new JsonObject().put("name", "Rival template")
                .put("subject", "Hi").put("html", "<p>hi</p>"), otherAdmin.accessToken()));
        otherEndpoint = id(server.http.post("/api/v1/webhook-endpoints", new JsonObject().put("url", "http://127.0.0.1:9/rival")
                .put("eventTypes", new JsonArray().add("case.created")), otherAdmin.accessToken()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refusesATaskInAnotherOrganizationsQueueOrAMadeUpOne() {
        for (String queue : List.of(otherQueue, MADE_UP)) {
            Response r = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Misrouted " + queue)
                    .put("assigneeQueueId", queue), admin.accessToken());
            assertUnknownReference(r, "assigneeQueueId");
            assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM tasks WHERE title = ?", "Misrouted " + queue));
        }
        Response own = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Routed").put("assigneeQueueId", ownQueue),
                admin.accessToken());
        assertEquals(201, own.status(), own::toString);
    }

    @Test
    void refusesMovingATaskIntoAnotherOrganizationsQueue() {
        Response created = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Stay home"), admin.accessToken());
        String task = id(created);
        Response moved = server.http.patch("/api/v1/tasks/" + task, new JsonObject().put("assigneeQueueId", otherQueue)
                .put("version", created.json().getInteger("version")), admin.accessToken());
        assertUnknownReference(moved, "assigneeQueueId");
        Response after = server.http.get("/api/v1/tasks/" + task, admin.accessToken());
        assertEquals(null, after.json().getString("assigneeQueueId"), "the task kept its assignment");
    }

    @Test
    void refusesATaskAssignedToAnotherOrganizationsUser() {
        Response r = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Wrong person")
                .put("assigneeUserId", otherAdmin.userId()), admin.accessToken());
        assertUnknownReference(r, "assigneeUserId");
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM tasks WHERE title = 'Wrong person'"));
    }

    @Test
    void refusesAWorkflowNamingAnotherOrganizationsRecords() {
        JsonArray actions = new JsonArray()
                .add(new JsonObject().put("type", "assign").put("mode", "queue").put("queueId", otherQueue))
                .add(new JsonObject().put("type", "assign").put("mode", "user").put("userId", otherAdmin.userId()))
                .add(new JsonObject().put("type", "send_email").put("templateId", otherTemplate).put("to", "owner"))
                .add(new JsonObject().put("type", "send_webhook").put("endpointId", otherEndpoint))
                .add(new JsonObject().put("type", "notify").put("recipients", new JsonArray().add("owner").add(MADE_UP)).put("title", "Hi"))
                .add(new JsonObject().put("type", "create_task").put("title", "Follow up").put("assignee", otherAdmin.userId()))
                .add(new JsonObject().put("type", "assign").put("mode", "round_robin")
                        .put("userIds", new JsonArray().add(admin.userId()).add(otherAdmin.userId())));
        Response r = server.http.post("/api/v1/workflows", workflow("Borrowed records", actions), admin.accessToken());
        assertEquals(422, r.status(), r::toString);
        assertEquals(List.of("definition.actions[0].queueId", "definition.actions[1].userId", "definition.actions[2].templateId",
                "definition.actions[3].endpointId", "definition.actions[4].recipients[1]", "definition.actions[5].assignee",
                "definition.actions[6].userIds[1]"), fields(r));
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM workflows WHERE name = 'Borrowed records'"));
    }

    @Test
    void refusesEditingAWorkflowToNameAnotherOrganizationsQueue() {
        JsonArray own = new JsonArray().add(new JsonObject().put("type", "assign").put("mode", "queue").put("queueId", ownQueue));
        Response created = server.http.post("/api/v1/workflows", workflow("Own queue", own), admin.accessToken());
        assertEquals(201, created.status(), created::toString);
        String id = created.json().getString("id");

        JsonArray other = new JsonArray().add(new JsonObject().put("type", "assign").put("mode", "queue").put("queueId", otherQueue));
        Response edited = server.http.send(io.vertx.core.http.HttpMethod.PATCH, "/api/v1/workflows/" + id, admin.accessToken(),
                workflow("Own queue", other).toBuffer(), java.util.Map.of("If-Match", "\"" + created.json().getInteger("version") + "\""));
        assertEquals(422, edited.status(), edited::toString);
        assertEquals(List.of("definition.actions[0].queueId"), fields(edited));
        Response after = server.http.get("/api/v1/workflows/" + id, admin.accessToken());
        assertEquals(ownQueue, after.json().getJsonObject("definition").getJsonArray("actions").getJsonObject(0).getString("queueId"));
    }

    private static JsonObject workflow(String name, JsonArray actions) {
        return new JsonObject().put("name", name).put("enabled", true).put("definition", new JsonObject()
                .put("trigger", new JsonObject().put("type", "case.created")).put("conditions", new JsonArray()).put("actions", actions));
    }

    private static void assertUnknownReference(Response r, String field) {
        assertEquals(422, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertEquals(List.of(field), fields(r));
    }

    private static List<String> fields(Response r) {
        List<String> out = new ArrayList<>();
        JsonArray errors = r.json().getJsonArray("errors", new JsonArray());
        for (int i = 0; i < errors.size(); i++) {
            out.add(errors.getJsonObject(i).getString("field"));
        }
        return out;
    }

    private static String id(Response r) {
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }
}
