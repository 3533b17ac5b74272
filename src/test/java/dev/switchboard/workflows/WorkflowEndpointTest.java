package dev.switchboard.workflows;

import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static dev.switchboard.testing.ApiAssertions.fields;
import static dev.switchboard.testing.ApiAssertions.ids;
import static dev.switchboard.workflows.WorkflowFixtures.RUNS;
import static dev.switchboard.workflows.WorkflowFixtures.WORKFLOWS;
import static dev.switchboard.workflows.WorkflowFixtures.action;
import static dev.switchboard.workflows.WorkflowFixtures.condition;
import static dev.switchboard.workflows.WorkflowFixtures.definition;
import static dev.switchboard.workflows.WorkflowFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/workflows}: lifecycle, versions, strict definitions, dry runs, permissions, isolation, events. */
class WorkflowEndpointTest {

    private static TestServer server;
    private static WorkflowFixtures workflows;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        workflows = new WorkflowFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject highPriorityTask() {
        return definition(trigger("case.created"), new JsonArray().add(condition("after.priority", "equals", "high")),
                action("create_task").put("title", "Call the customer").put("assignee", "owner"));
    }

    @Test
    void createsEditsTogglesAndVersionsAWorkflow() {
        Account admin = server.register("Workflow Lifecycle");
        JsonObject created = workflows.create(admin, "Urgent follow-up", highPriorityTask());
        String id = created.getString("id");
        assertEquals(1, created.getInteger("version"));
        assertTrue(created.getBoolean("enabled"));
        assertEquals(admin.userId(), created.getString("createdBy"));
        assertEquals("case.created", created.getJsonObject("definition").getJsonObject("trigger").getString("type"));

        JsonObject edited = highPriorityTask();
        edited.getJsonArray("conditions").getJsonObject(0).put("value", "urgent");
        Response updated = server.http.patch(WORKFLOWS + "/" + id, new JsonObject().put("name", "Very urgent follow-up")
                .put("definition", edited).put("version", 1), admin.accessToken());
        assertEquals(200, updated.status(), updated::toString);
        assertEquals(2, updated.json().getInteger("version"));
        assertEquals("\"2\"", updated.header("ETag"));

        Response disabled = server.http.send(HttpMethod.POST, WORKFLOWS + "/" + id + "/disable", admin.accessToken(), null,
                Map.of("If-Match", "\"2\""));
        assertEquals(200, disabled.status(), disabled::toString);
        assertFalse(disabled.json().getBoolean("enabled"));
        assertEquals(3, disabled.json().getInteger("version"));

        Response versions = server.http.get(WORKFLOWS + "/" + id + "/versions?limit=2", admin.accessToken());
        assertEquals(200, versions.status(), versions::toString);
        assertEquals(List.of(3, 2), versions.items().stream().map(v -> ((JsonObject) v).getInteger("version")).toList());
        assertEquals("2", versions.json().getString("nextCursor"));
        Response older = server.http.get(WORKFLOWS + "/" + id + "/versions?cursor=2", admin.accessToken());
        assertEquals(List.of(1), older.items().stream().map(v -> ((JsonObject) v).getInteger("version")).toList());
        Response first = server.http.get(WORKFLOWS + "/" + id + "/versions/1", admin.accessToken());
        assertEquals("Urgent follow-up", first.json().getString("name"));
        assertEquals("high", first.json().getJsonObject("definition").getJsonArray("conditions").getJsonObject(0).getString("value"));
        assertProblem(404, server.http.get(WORKFLOWS + "/" + id + "/versions/9", admin.accessToken()));

        List<String> types = server.events(id).stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("workflow.created", "workflow.updated", "workflow.disabled"), types);
        JsonObject disabledEvent = server.events(id).get(2).getJsonObject("payload");
        assertEquals("enabled", disabledEvent.getJsonObject("before").getString("status"));
        assertEquals("disabled", disabledEvent.getJsonObject("after").getString("status"));
        assertEquals(admin.tenantId(), server.events(id).get(2).getString("tenantId"));

        assertEquals(204, server.http.delete(WORKFLOWS + "/" + id, admin.accessToken()).status());
        assertProblem(404, server.http.get(WORKFLOWS + "/" + id, admin.accessToken()));
        assertEquals("workflow.deleted", server.events(id).get(3).getString("type"));
    }

    @Test
    void aStaleVersionIsRefused() {
        Account admin = server.register("Workflow Stale");
        String id = workflows.create(admin, "Rule", highPriorityTask()).getString("id");
        JsonObject body = new JsonObject().put("name", "Renamed").put("definition", highPriorityTask()).put("version", 1);
        assertEquals(200, server.http.patch(WORKFLOWS + "/" + id, body, admin.accessToken()).status());
        assertProblem(409, server.http.patch(WORKFLOWS + "/" + id, body, admin.accessToken()));
        assertProblem(412, server.http.send(HttpMethod.POST, WORKFLOWS + "/" + id + "/enable", admin.accessToken(), null,
                Map.of("If-Match", "\"1\"")));
        assertEquals(2, TestDatabase.queryLong(server.db, "SELECT count(*) FROM workflow_versions WHERE workflow_id = ?::uuid", id),
                "a refused write saves no version");
    }

    @Test
    void rejectsInvalidDefinitionsNamingEveryField() {
        Account admin = server.register("Workflow Validation");
        JsonObject bad = new JsonObject()
                .put("trigger", new JsonObject().put("type", "schedule").put("cron", "0 8 * *").put("color", "red"))
                .put("conditions", new JsonArray().add(condition("after.priority", "like", "x"))
                        .add(condition("after.priority", "in", "high")))
                .put("actions", new JsonArray()
                        .add(action("send_email").put("to", "nobody"))
                        .add(action("assign").put("mode", "round_robin"))
                        .add(action("teleport")));
        Response r = server.http.post(WORKFLOWS, new JsonObject().put("name", " ").put("definition", bad), admin.accessToken());
        assertProblem(400, r);
        assertEquals(List.of("name", "definition.trigger.color", "definition.trigger.cron", "definition.conditions[0].op",
                "definition.conditions[1].value", "definition.actions[0].templateId", "definition.actions[0].to",
                "definition.actions[1].userIds", "definition.actions[2].type"), fields(r));

        Response noActions = server.http.post(WORKFLOWS, new JsonObject().put("name", "x")
                .put("definition", new JsonObject().put("trigger", trigger("inactivity").put("entityType", "case"))), admin.accessToken());
        assertEquals(List.of("definition.trigger.hours", "definition.actions"), fields(noActions));
        assertEquals(List.of("definition"), fields(server.http.post(WORKFLOWS, new JsonObject().put("name", "x"), admin.accessToken())));
        assertEquals(List.of("definition.trigger.type"), fields(server.http.post(WORKFLOWS, new JsonObject().put("name", "x")
                .put("definition", definition(trigger("case.deleted"), new JsonArray(), action("add_note").put("body", "x"))),
                admin.accessToken())));

        assertEquals(0, workflows.count("workflows", admin.tenantId()), "a refused create stores nothing");
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type LIKE 'workflow.%'",
                admin.tenantId()));
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action LIKE 'workflow.%'",
                admin.tenantId()));
    }

    @Test
    void dryRunShowsConditionsAndWouldBeActionsAndChangesNothing() {
        Account admin = server.register("Workflow Dry Run");
        String owner = UUID.randomUUID().toString();
        String id = workflows.create(admin, "Rule", definition(trigger("case.status_changed"),
                new JsonArray().add(condition("status", "changed_to", "won")).add(condition("after.priority", "in", new JsonArray().add("high"))),
                action("notify").put("recipients", new JsonArray().add("owner")).put("title", "Won!"),
                action("update_field").put("field", "priority").put("value", "low"))).getString("id");
        JsonObject sample = new JsonObject().put("entityType", "case").put("entityId", UUID.randomUUID().toString())
                .put("before", new JsonObject().put("status", "open").put("priority", "high"))
                .put("after", new JsonObject().put("status", "won").put("priority", "high").put("ownerUserId", owner));
        Response matched = server.http.post(WORKFLOWS + "/" + id + "/dry-run", new JsonObject().put("sample", sample), admin.accessToken());
        assertEquals(200, matched.status(), matched::toString);
        assertTrue(matched.json().getBoolean("matched"));
        assertEquals(2, matched.json().getJsonArray("actions").size());
        assertEquals(new JsonArray().add(owner),
                matched.json().getJsonArray("actions").getJsonObject(0).getJsonObject("wouldDo").getJsonArray("userIds"));

        sample.getJsonObject("before").put("status", "won");
        Response unchanged = server.http.post(WORKFLOWS + "/" + id + "/dry-run", new JsonObject().put("sample", sample), admin.accessToken());
        assertFalse(unchanged.json().getBoolean("matched"), "changed_to needs a change");
        assertFalse(unchanged.json().getJsonArray("conditions").getJsonObject(0).getBoolean("passed"));
        assertTrue(unchanged.json().getJsonArray("actions").isEmpty());
        assertEquals(0, workflows.count("workflow_runs", admin.tenantId()));
        assertProblem(400, server.http.post(WORKFLOWS + "/" + id + "/dry-run", new JsonObject(), admin.accessToken()));
    }

    @Test
    void onlyWorkflowManagersReadAndEditWorkflows() {
        Account admin = server.register("Workflow Roles");
        Account manager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        Account customer = server.invite(admin, "customer");
        server.linkCustomer(admin, customer);
        String id = workflows.create(admin, "Admin's rule", highPriorityTask()).getString("id");
        JsonObject body = new JsonObject().put("name", "Mine").put("definition", highPriorityTask());

        record Case(Account who, int list, int create, int read, int dryRun, int optOut) {
        }
        for (Case c : List.of(new Case(admin, 200, 201, 200, 200, 200), new Case(manager, 200, 201, 200, 200, 200),
                new Case(agent, 403, 403, 403, 403, 200), new Case(viewer, 403, 403, 403, 403, 200),
                new Case(customer, 403, 403, 403, 403, 403))) {
            String role = c.who() == admin ? "admin" : c.who().email().substring(0, c.who().email().indexOf('-'));
            assertEquals(c.list(), server.http.get(WORKFLOWS, c.who().accessToken()).status(), role + " lists");
            assertEquals(c.create(), server.http.post(WORKFLOWS, body, c.who().accessToken()).status(), role + " creates");
            assertEquals(c.read(), server.http.get(WORKFLOWS + "/" + id, c.who().accessToken()).status(), role + " reads");
            assertEquals(c.read(), server.http.get(RUNS, c.who().accessToken()).status(), role + " reads runs");
            assertEquals(c.dryRun(), server.http.post(WORKFLOWS + "/" + id + "/dry-run",
                    new JsonObject().put("sample", new JsonObject()), c.who().accessToken()).status(), role + " dry-runs");
            assertEquals(c.read(), server.http.patch(WORKFLOWS + "/" + id, body.copy().put("version", 99), c.who().accessToken()).status() == 409
                    ? 200 : 403, role + " edits (a stale version proves the edit was allowed)");
            assertEquals(c.optOut(), server.http.put(WORKFLOWS + "/opt-out", new JsonObject().put("notifications", true)
                    .put("emails", false).put("assignments", false), c.who().accessToken()).status(), role + " sets own opt-out");
        }
        Response list = server.http.get(WORKFLOWS, manager.accessToken());
        assertEquals(3, ids(list).size(), "the admin's and both managers' created workflows: " + list);
        Response mine = server.http.get(WORKFLOWS + "/opt-out", agent.accessToken());
        assertTrue(mine.json().getBoolean("notifications"));
        assertFalse(mine.json().getBoolean("emails"));
    }

    @Test
    void answersTheFormerRunPathsAsBefore() {
        Account admin = server.register("Workflow Former Paths");
        String id = workflows.create(admin, "Note new cases", definition(trigger("case.created"), new JsonArray(),
                action("add_note").put("body", "seen"))).getString("id");
        server.createCase(admin);
        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);

        Response list = unvalidated(WorkflowEndpoint.FORMER_RUNS + "?workflowId=" + id, admin);
        assertEquals(200, list.status(), list::toString);
        assertEquals(server.http.get(RUNS + "?workflowId=" + id, admin.accessToken()).json(), list.json());
        Response one = unvalidated(WorkflowEndpoint.FORMER_RUNS + "/" + run.getString("id"), admin);
        assertEquals(200, one.status(), one::toString);
        assertEquals(run, one.json());
        assertProblem(404, unvalidated(WorkflowEndpoint.FORMER_RUNS + "/" + UUID.randomUUID(), admin));
    }

    /** A GET of a path the OpenAPI document no longer lists, so the contract check would match it to another operation. */
    private static Response unvalidated(String path, Account who) {
        return server.http.sendAsync(HttpMethod.GET, path, who.accessToken(), null, Map.of()).join();
    }

    @Test
    void anotherOrganizationGets404AndSeesNothing() {
        Account admin = server.register("Workflow Home");
        Account stranger = server.register("Workflow Elsewhere");
        JsonObject w = workflows.create(admin, "Private rule", highPriorityTask());
        String id = w.getString("id");
        String caseId = server.createCase(admin);
        String run = UUID.randomUUID().toString();
        JsonObject body = new JsonObject().put("name", "Hijacked").put("definition", highPriorityTask()).put("version", 1);
        String token = stranger.accessToken();
        assertProblem(404, server.http.get(WORKFLOWS + "/" + id, token));
        assertProblem(404, server.http.patch(WORKFLOWS + "/" + id, body, token));
        assertProblem(404, server.http.post(WORKFLOWS + "/" + id + "/enable", new JsonObject().put("version", 1), token));
        assertProblem(404, server.http.post(WORKFLOWS + "/" + id + "/disable", new JsonObject().put("version", 1), token));
        assertProblem(404, server.http.get(WORKFLOWS + "/" + id + "/versions", token));
        assertProblem(404, server.http.get(WORKFLOWS + "/" + id + "/versions/1", token));
        assertProblem(404, server.http.post(WORKFLOWS + "/" + id + "/dry-run", new JsonObject().put("sample", new JsonObject()), token));
        assertProblem(404, server.http.delete(WORKFLOWS + "/" + id, token));
        assertProblem(404, server.http.get(RUNS + "/" + run, token));
        assertTrue(ids(server.http.get(WORKFLOWS, token)).isEmpty());
        assertTrue(ids(server.http.get(RUNS + "?workflowId=" + id, token)).isEmpty());
        assertProblem(404, server.http.get(WORKFLOWS + "/not-a-uuid", token));

        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT version FROM workflows WHERE id = ?::uuid AND deleted_at IS NULL "
                + "AND enabled AND name = 'Private rule'", id), "nothing changed");
        assertTrue(caseId != null);
    }
}
