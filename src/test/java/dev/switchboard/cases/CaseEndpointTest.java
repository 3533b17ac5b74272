package dev.switchboard.cases;

import static dev.switchboard.cases.CaseFixtures.CASES;
import static dev.switchboard.cases.CaseFixtures.PIPELINES;
import static dev.switchboard.cases.CaseFixtures.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/cases}: numbering, defaults, validation, edits with optimistic concurrency, filters, events. */
class CaseEndpointTest {

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

    @Test
    void numbersCasesPerOrganizationInTheLazilyCreatedDefaultPipeline() throws Exception {
        Account admin = server.register("Numbering");
        JsonObject first = fx.createCase(admin, new JsonObject().put("title", "  Broken boiler  ").put("source", "meta")
                .put("campaign", new JsonObject().put("pageId", "p1").put("formId", "f1").put("adId", "a1").put("campaignId", "c1")));
        JsonObject second = fx.createCase(admin, "Leaking tap");
        assertEquals(1, first.getInteger("number"));
        assertEquals(2, second.getInteger("number"));
        assertEquals("Broken boiler", first.getString("title"));
        assertEquals("new", first.getString("stage"));
        assertEquals("normal", first.getString("priority"));
        assertEquals("meta", first.getString("source"));
        assertEquals("c1", first.getJsonObject("campaign").getString("campaignId"));
        assertEquals(1, first.getInteger("version"));
        assertNull(first.getString("ownerUserId"), "a manager's case without an owner stays unassigned");

        JsonArray pipelines = server.http.get(PIPELINES, admin.accessToken()).items();
        assertEquals(1, pipelines.size());
        JsonObject pipeline = pipelines.getJsonObject(0);
        assertEquals(first.getString("pipelineId"), pipeline.getString("id"));
        assertTrue(pipeline.getBoolean("isDefault"));
        assertEquals(List.of("new", "qualified", "pending_handoff", "accepted", "in_progress", "closed"),
                pipeline.getJsonArray("stages").stream().map(s -> ((JsonObject) s).getString("key")).toList());

        Account other = server.register("Numbering Elsewhere");
        assertEquals(1, fx.createCase(other, "Their first").getInteger("number"), "each organization counts from 1");

        JsonObject created = fx.events(admin.tenantId(), first.getString("id")).get(0);
        assertEquals("case.created", created.getString("_type"));
        assertEquals("case", created.getString("entityType"));
        JsonObject after = created.getJsonObject("after");
        assertEquals("new", after.getString("status"));
        assertEquals(1, after.getInteger("number"));
        assertTrue(after.containsKey("ownerUserId") && after.containsKey("teamId") && after.containsKey("contactId"));
        assertEquals(1, fx.count("SELECT count(*) FROM audit_log WHERE action = 'case.created' AND entity_id = ?::uuid", first.getString("id")));
    }

    @Test
    void anAgentsNewCaseWithoutOwnerIsTheirs() {
        Account admin = server.register("Agent Cases");
        Account agent = server.invite(admin, "agent");
        JsonObject c = fx.createCase(agent, "Walk-in");
        assertEquals(agent.userId(), c.getString("ownerUserId"));
        assertEquals(200, server.http.get(CASES + "/" + c.getString("id"), agent.accessToken()).status());
    }

    @Test
    void rejectsInvalidCasesNamingEachField() {
        Account admin = server.register("Case Validation");
        Map<JsonObject, String> invalid = Map.of(
                new JsonObject(), "title",
                new JsonObject().put("title", "x".repeat(301)), "title",
                new JsonObject().put("title", "t").put("priority", "asap"), "priority",
                new JsonObject().put("title", "t").put("source", "fax"), "source",
                new JsonObject().put("title", "t").put("ownerUserId", admin.userId()).put("ownerQueueId", CaseFixtures.uuid()), "ownerQueueId",
                new JsonObject().put("title", "t").put("campaign", new JsonObject().put("utm", "x")), "campaign.utm",
                new JsonObject().put("title", "t").put("contactId", "not-a-uuid"), "contactId",
                new JsonObject().put("title", "t").put("stage", "nowhere"), "stage",
                new JsonObject().put("title", "t").put("pipelineId", CaseFixtures.uuid()), "pipelineId",
                new JsonObject().put("title", "t").put("ownerQueueId", CaseFixtures.uuid()), "ownerQueueId");
        invalid.forEach((body, field) -> {
            Response r = server.http.post(CASES, body, admin.accessToken());
            // a well-formed id that names nothing of the organization is 422; anything malformed is 400
            boolean unknownReference = body.size() == 2 && (body.containsKey("pipelineId") || body.containsKey("ownerQueueId"));
            assertProblem(unknownReference ? 422 : 400, r);
            assertTrue(r.json().getJsonArray("errors").stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))),
                    () -> body + " -> " + r);
        });
        assertTrue(fx.listedIds(admin, "").isEmpty());
        assertProblem(400, server.http.send(HttpMethod.POST, CASES, admin.accessToken(), Buffer.buffer("{\"title\":"), Map.of()));
    }

    @Test
    void aCreationFailingAfterTheDefaultPipelineWasMadeLeavesNothingBehind() throws Exception {
        Account admin = server.register("Rolled Back");
        Response r = server.http.post(CASES, new JsonObject().put("title", "Ghost").put("ownerUserId", CaseFixtures.uuid()),
                admin.accessToken());
        assertProblem(422, r);
        String tenant = admin.tenantId();
        assertEquals(0, fx.count("SELECT count(*) FROM pipelines WHERE tenant_id = ?::uuid", tenant), "the lazy pipeline rolled back");
        assertEquals(0, fx.count("SELECT count(*) FROM cases WHERE tenant_id = ?::uuid", tenant));
        assertEquals(0, fx.count("SELECT count(*) FROM case_counters WHERE tenant_id = ?::uuid", tenant));
        assertEquals(0, fx.count("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND entity_type IN ('case', 'pipeline')", tenant));
        assertEquals(0, fx.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND (type LIKE 'case.%' OR type LIKE 'pipeline.%')", tenant));
        assertEquals(1, fx.createCase(admin, "Real").getInteger("number"), "the failed creation used no number");
    }

    @Test
    void editsACaseAtTheVersionItWasRead() throws Exception {
        Account admin = server.register("Case Edits");
        Account agent = server.invite(admin, "agent");
        JsonObject c = fx.createCase(admin, "Draft");
        String path = CASES + "/" + c.getString("id");

        Response edited = server.http.patch(path, new JsonObject().put("title", "Final").put("priority", "urgent").put("version", 1),
                admin.accessToken());
        assertEquals(200, edited.status(), edited::toString);
        assertEquals("Final", edited.json().getString("title"));
        assertEquals("urgent", edited.json().getString("priority"));
        assertEquals(2, edited.json().getInteger("version"));
        assertEquals("\"2\"", edited.header("ETag"));

        assertProblem(409, server.http.patch(path, new JsonObject().put("title", "Stale").put("version", 1), admin.accessToken()));
        assertProblem(412, server.http.send(HttpMethod.PATCH, path, admin.accessToken(),
                new JsonObject().put("title", "Stale").toBuffer(), Map.of("If-Match", "\"1\"")));
        Response stage = server.http.patch(path, new JsonObject().put("stage", "closed").put("version", 2), admin.accessToken());
        assertProblem(400, stage);
        assertEquals("Final", server.http.get(path, admin.accessToken()).json().getString("title"));

        Response assigned = server.http.patch(path, new JsonObject().put("ownerUserId", agent.userId()).put("version", 2), admin.accessToken());
        assertEquals(200, assigned.status(), assigned::toString);
        assertEquals(agent.userId(), assigned.json().getString("ownerUserId"));
        assertEquals(List.of("case.created", "case.updated", "case.assigned"), fx.eventTypes(admin.tenantId(), c.getString("id")),
                "a pure reassignment is case.assigned only");
        JsonObject event = fx.events(admin.tenantId(), c.getString("id")).get(2);
        assertNull(event.getJsonObject("before").getString("ownerUserId"));
        assertEquals(agent.userId(), event.getJsonObject("after").getString("ownerUserId"));
        assertProblem(422, server.http.patch(path, new JsonObject().put("ownerUserId", CaseFixtures.uuid()).put("version", 3),
                admin.accessToken()));

        // without a version the edit applies to the case as it stands (last writer wins)
        Response unversioned = server.http.patch(path, new JsonObject().put("title", "No version"), admin.accessToken());
        assertEquals(200, unversioned.status(), unversioned::toString);
        assertEquals("No version", unversioned.json().getString("title"));
        assertEquals(4, unversioned.json().getInteger("version"));
    }

    @Test
    void filtersTheList() throws Exception {
        Account admin = server.register("Case Filters");
        Account agent = server.invite(admin, "agent");
        String queue = fx.createQueue(admin, "Inbox", null);
        String contact = server.createContact(admin);
        String a = fx.createCase(admin, new JsonObject().put("title", "100% refund").put("priority", "high").put("contactId", contact))
                .getString("id");
        String b = fx.createCase(admin, new JsonObject().put("title", "Refund later").put("ownerUserId", agent.userId())).getString("id");
        String c = fx.createCase(admin, new JsonObject().put("title", "Other").put("ownerQueueId", queue)).getString("id");
        fx.moveTo(admin, b, "qualified");

        assertEquals(List.of(c, b, a), fx.listedIds(admin, ""), "newest first");
        assertEquals(List.of(a, b, c), fx.listedIds(admin, "&sort=createdAt"));
        assertEquals(List.of(b), fx.listedIds(admin, "&stage=qualified"));
        assertEquals(List.of(a), fx.listedIds(admin, "&priority=high"));
        assertEquals(List.of(b), fx.listedIds(admin, "&ownerUserId=" + agent.userId()));
        assertEquals(List.of(c), fx.listedIds(admin, "&ownerQueueId=" + queue));
        assertEquals(List.of(a), fx.listedIds(admin, "&contactId=" + contact));
        assertEquals(List.of(b, a), fx.listedIds(admin, "&q=REFUND"));
        assertEquals(List.of(a), fx.listedIds(admin, "&q=100%25"), "wildcards in q are literal");
        assertProblem(400, server.http.get(CASES + "?priority=asap", admin.accessToken()));
        assertProblem(400, server.http.get(CASES + "?ownerUserId=me", admin.accessToken()));
        assertProblem(400, server.http.get(CASES + "?archived=maybe", admin.accessToken()));

        Response page = server.http.get(CASES + "?limit=2", admin.accessToken());
        assertEquals(List.of(c, b), CaseFixtures.ids(page.items()));
        Response rest = server.http.get(CASES + "?limit=2&cursor=" + page.json().getString("nextCursor"), admin.accessToken());
        assertEquals(List.of(a), CaseFixtures.ids(rest.items()));
    }
}
