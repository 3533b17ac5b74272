package dev.switchboard.workflows;

import static dev.switchboard.workflows.WorkflowFixtures.WORKFLOWS;
import static dev.switchboard.workflows.WorkflowFixtures.action;
import static dev.switchboard.workflows.WorkflowFixtures.condition;
import static dev.switchboard.workflows.WorkflowFixtures.definition;
import static dev.switchboard.workflows.WorkflowFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Event-triggered runs: conditions, every action, history, chain depth, dedupe, opt-outs and retries. */
class WorkflowEngineTest {

    private static TestServer server;
    private static WorkflowFixtures workflows;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_WORKFLOWS_MAX_CHAIN_DEPTH", "3"));
        workflows = new WorkflowFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String createCase(Account who, JsonObject body) {
        Response r = server.http.post("/api/v1/cases", body, who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    /** Outbox rows of {@code tenantId} of type {@code type}: {@code {actorType, correlationId, payload}}. */
    private static List<JsonObject> events(String tenantId, String type) {
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(
                "SELECT actor_type, correlation_id, payload::text, id::text FROM outbox WHERE tenant_id = ?::uuid AND type = ? ORDER BY seq")) {
            st.setString(1, tenantId);
            st.setString(2, type);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new JsonObject().put("actorType", rs.getString(1)).put("correlationId", rs.getString(2))
                            .put("payload", new JsonObject(rs.getString(3))).put("id", rs.getString(4)));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void aMatchingEventRunsTheActionsInOrderAsAutomation() {
        Account admin = server.register("Engine Actions");
        String id = workflows.create(admin, "High priority cases", definition(trigger("case.created"),
                new JsonArray().add(condition("after.priority", "equals", "high")),
                action("create_task").put("title", "Call back").put("assignee", "owner").put("dueInHours", 4),
                action("add_note").put("body", "<p>Flagged by automation</p>"),
                action("update_field").put("field", "priority").put("value", "urgent"))).getString("id");
        createCase(admin, new JsonObject().put("title", "Quiet one").put("priority", "low"));
        String caseId = createCase(admin, new JsonObject().put("title", "Loud one").put("priority", "high").put("ownerUserId", admin.userId()));

        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("succeeded", run.getString("status"), run::encodePrettily);
        assertEquals(caseId, run.getString("entityId"));
        assertEquals(1, run.getInteger("workflowVersion"));
        assertEquals(0, run.getInteger("depth"));
        assertEquals(List.of("create_task", "add_note", "update_field"),
                run.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("action")).toList());
        assertTrue(run.getJsonArray("steps").stream().allMatch(s -> "succeeded".equals(((JsonObject) s).getString("status"))));
        String taskId = run.getJsonArray("steps").getJsonObject(0).getJsonObject("result").getString("taskId");

        JsonObject task = server.http.get("/api/v1/tasks/" + taskId, admin.accessToken()).json();
        assertEquals(caseId, task.getString("caseId"));
        assertEquals(admin.userId(), task.getString("assigneeUserId"), "owner of the case");
        assertEquals("urgent", server.http.get("/api/v1/cases/" + caseId, admin.accessToken()).json().getString("priority"));
        assertEquals(1, runsOf(admin, id).size(), "the low-priority case did not match");

        JsonObject taskCreated = events(admin.tenantId(), "task.created").get(0);
        assertEquals("system", taskCreated.getString("actorType"));
        assertEquals("workflow-run:" + run.getString("id"), taskCreated.getString("correlationId"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action = 'task.created' "
                + "AND actor_type = 'system' AND request_id = ?", admin.tenantId(), "workflow-run:" + run.getString("id")));
        JsonObject completed = events(admin.tenantId(), "workflow.run_completed").get(0).getJsonObject("payload");
        assertEquals(run.getString("id"), completed.getString("entityId"));
        assertEquals("succeeded", completed.getJsonObject("after").getString("status"));
        assertEquals(caseId, completed.getJsonObject("after").getString("entityId"));
        assertEquals("High priority cases", completed.getJsonObject("after").getString("workflowName"));
        dev.switchboard.testing.Eventually.await(() -> server.http.get("/api/v1/timeline/case/" + caseId, admin.accessToken()).items()
                        .stream().map(JsonObject.class::cast)
                        .anyMatch(e -> "Workflow High priority cases ran: succeeded".equals(e.getString("summary"))),
                java.time.Duration.ofSeconds(10), "the run on the case's timeline");
    }

    @Test
    void aTaskAWorkflowCreatesTakesCustomFieldDefaultsAndIsNotRefusedForARequiredOne() {
        Account admin = server.register("Engine Custom Fields");
        for (JsonObject field : List.of(
                new JsonObject().put("key", "effort").put("label", "Effort").put("type", "number").put("required", true).put("default", 3),
                new JsonObject().put("key", "ticket").put("label", "Ticket").put("type", "text").put("required", true))) {
            Response defined = server.http.post("/api/v1/custom-fields", field.put("recordType", "task"), admin.accessToken());
            assertEquals(201, defined.status(), defined::toString);
        }
        String id = workflows.create(admin, "Follow up", definition(trigger("case.created"), new JsonArray(),
                action("create_task").put("title", "Follow up"))).getString("id");
        createCase(admin, new JsonObject().put("title", "Needs a follow-up"));

        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("succeeded", run.getString("status"), run::encodePrettily);
        String taskId = run.getJsonArray("steps").getJsonObject(0).getJsonObject("result").getString("taskId");
        JsonObject task = server.http.get("/api/v1/tasks/" + taskId, admin.accessToken()).json();
        assertEquals(new JsonObject().put("effort", 3), task.getJsonObject("customFields"));
        Response byHand = server.http.post("/api/v1/tasks", new JsonObject().put("title", "By hand"), admin.accessToken());
        assertEquals(400, byHand.status(), "a person creating a task still gives the required field: " + byHand);
    }

    private static List<JsonObject> runsOf(Account who, String workflowId) {
        return workflows.runs(who, workflowId);
    }

    @Test
    void aRuleThatTriggersItselfStopsAtTheDepthLimitAndSaysWhy() {
        Account admin = server.register("Engine Loop");
        String id = workflows.create(admin, "Echo", definition(trigger("task.created"), new JsonArray(),
                action("create_task").put("title", "Echo"))).getString("id");
        Response first = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Seed"), admin.accessToken());
        assertEquals(201, first.status(), first::toString);

        Eventually.await(() -> runsOf(admin, id).stream().anyMatch(r -> "stopped".equals(r.getString("status"))), Duration.ofSeconds(20),
                "the chain to stop");
        List<JsonObject> runs = runsOf(admin, id);
        assertEquals(List.of(0, 1, 2, 3, 4), runs.stream().map(r -> r.getInteger("depth")).toList());
        JsonObject stopped = runs.get(4);
        assertEquals("stopped", stopped.getString("status"));
        assertTrue(stopped.getString("error").contains("chain depth limit 3"), stopped::encode);
        String origin = runs.get(0).getString("eventId");
        assertTrue(runs.stream().allMatch(r -> origin.equals(r.getString("originEventId"))), "every run names the first event");
        assertEquals(5, workflows.count("tasks", admin.tenantId()), "the seed and one task per run that was allowed");
        assertEquals(0L, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND payload->>'runId' = ?",
                admin.tenantId(), stopped.getString("id")), "a stopped run has no job");
    }

    @Test
    void anOrganizationsFirstWorkflowRunsForTheEventsAfterIt() {
        Account admin = server.register("Engine First Workflow");
        createCase(admin, new JsonObject().put("title", "Before any workflow"));
        String id = workflows.create(admin, "First", definition(trigger("case.created"), new JsonArray(),
                action("add_note").put("body", "first"))).getString("id");
        String after = createCase(admin, new JsonObject().put("title", "After the first workflow"));
        dev.switchboard.testing.Eventually.await(() -> runsOf(admin, id).stream()
                        .anyMatch(r -> after.equals(r.getString("entityId")) && WorkflowFixtures.finished(r)),
                java.time.Duration.ofSeconds(10), "a run for the case created after the workflow");
    }

    @Test
    void aRedeliveredEventStartsNoSecondRun() {
        Account admin = server.register("Engine Dedupe");
        String id = workflows.create(admin, "Once", definition(trigger("case.created"), new JsonArray(),
                action("add_note").put("body", "once"))).getString("id");
        createCase(admin, new JsonObject().put("title", "Dedupe"));
        workflows.finishedRuns(admin, id, 1);
        JsonObject stored = events(admin.tenantId(), "case.created").get(0);
        EventEnvelope again = new EventEnvelope(UUID.fromString(stored.getString("id")), 0, UUID.fromString(admin.tenantId()),
                Actor.user(UUID.fromString(admin.userId())), "replayed", "case.created", stored.getJsonObject("payload"), Instant.now());
        server.app.bus().publish(TenantBus.DOMAIN_EVENTS, again);
        server.app.bus().publish(TenantBus.DOMAIN_EVENTS, again);
        String marker = createCase(admin, new JsonObject().put("title", "After the replay"));
        workflows.finishedRuns(admin, id, 2);
        List<JsonObject> runs = runsOf(admin, id);
        assertEquals(2, runs.size(), "one run per event, replays ignored");
        assertEquals(marker, runs.get(1).getString("entityId"));
    }

    @Test
    void roundRobinTakesTurnsAndSkipsUsersWhoOptedOut() {
        Account admin = server.register("Engine Round Robin");
        Account a = server.invite(admin, "agent");
        Account b = server.invite(admin, "agent");
        Account c = server.invite(admin, "agent");
        Response optOut = server.http.put(WORKFLOWS + "/opt-out", new JsonObject().put("notifications", false).put("emails", false)
                .put("assignments", true), b.accessToken());
        assertEquals(200, optOut.status(), optOut::toString);
        String id = workflows.create(admin, "Share the load", definition(trigger("case.created"), new JsonArray(),
                action("assign").put("mode", "round_robin").put("userIds", new JsonArray().add(a.userId()).add(b.userId()).add(c.userId()))))
                .getString("id");
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cases.add(createCase(admin, new JsonObject().put("title", "Lead " + i)));
            workflows.finishedRuns(admin, id, i + 1);
        }
        List<String> owners = cases.stream().map(cid -> server.http.get("/api/v1/cases/" + cid, admin.accessToken()).json()
                .getString("ownerUserId")).toList();
        assertEquals(List.of(a.userId(), c.userId(), a.userId(), c.userId()), owners);
        assertEquals(4, events(admin.tenantId(), "case.assigned").size());
    }

    @Test
    void leastLoadedPicksTheUserWithFewestOpenRecords() {
        Account admin = server.register("Engine Least Loaded");
        Account busy = server.invite(admin, "agent");
        Account free = server.invite(admin, "agent");
        for (int i = 0; i < 2; i++) {
            assertEquals(201, server.http.post("/api/v1/tasks", new JsonObject().put("title", "Busy " + i)
                    .put("assigneeUserId", busy.userId()), admin.accessToken()).status());
        }
        assertEquals(201, server.http.post("/api/v1/tasks", new JsonObject().put("title", "Free")
                .put("assigneeUserId", free.userId()), admin.accessToken()).status());
        String id = workflows.create(admin, "Balance", definition(trigger("task.created"),
                new JsonArray().add(condition("after.title", "equals", "Unassigned")),
                action("assign").put("mode", "least_loaded").put("userIds", new JsonArray().add(busy.userId()).add(free.userId()))))
                .getString("id");
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM workflow_records WHERE tenant_id = ?::uuid",
                admin.tenantId()) == 3, Duration.ofSeconds(10), "the projection of the three tasks");
        Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Unassigned"), admin.accessToken());
        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("succeeded", run.getString("status"), run::encode);
        assertEquals(free.userId(), server.http.get("/api/v1/tasks/" + task.json().getString("id"), admin.accessToken()).json()
                .getString("assigneeUserId"));
    }

    @Test
    void notifyAndEmailSkipUsersWhoOptedOut() {
        Account admin = server.register("Engine Opt Out");
        Account agent = server.invite(admin, "agent");
        assertEquals(200, server.http.put(WORKFLOWS + "/opt-out", new JsonObject().put("notifications", true).put("emails", true)
                .put("assignments", false), agent.accessToken()).status());
        Response template = server.http.post("/api/v1/email-templates", new JsonObject().put("name", "Hello")
                .put("subject", "Hi {{record.title}}").put("html", "<p>{{record.title}}</p>"), admin.accessToken());
        assertEquals(201, template.status(), template::toString);
        String templateId = template.json().getString("id");
        String id = workflows.create(admin, "Tell people", definition(trigger("task.created"), new JsonArray(),
                action("notify").put("recipients", new JsonArray().add("assignee").add(admin.userId())).put("title", "New task"),
                action("send_email").put("templateId", templateId).put("to", "assignee"),
                action("send_email").put("templateId", templateId).put("to", "owner"))).getString("id");
        assertEquals(201, server.http.post("/api/v1/tasks", new JsonObject().put("title", "Opted out")
                .put("assigneeUserId", agent.userId()), admin.accessToken()).status());

        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("succeeded", run.getString("status"), run::encode);
        JsonArray steps = run.getJsonArray("steps");
        assertEquals(new JsonArray().add(admin.userId()), steps.getJsonObject(0).getJsonObject("result").getJsonArray("userIds"));
        assertEquals(new JsonArray().add(agent.userId()), steps.getJsonObject(0).getJsonObject("result").getJsonArray("optedOutUserIds"));
        assertEquals("skipped", steps.getJsonObject(1).getString("status"));
        assertTrue(steps.getJsonObject(1).getJsonObject("result").getString("reason").contains("opted out"));
        assertEquals("succeeded", steps.getJsonObject(2).getString("status"), "the owner (creator) did not opt out");
        assertEquals(admin.email(), steps.getJsonObject(2).getJsonObject("result").getString("to"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM email_log WHERE tenant_id = ?::uuid AND to_address = ?",
                admin.tenantId(), admin.email()));
        JsonObject notified = events(admin.tenantId(), "workflow.notified").get(0).getJsonObject("payload");
        assertEquals(new JsonArray().add(admin.userId()), notified.getJsonArray("userIds"));
        assertEquals("New task", notified.getString("title"));
        Eventually.await(() -> server.http.get("/api/v1/notifications", admin.accessToken()).items().stream()
                .anyMatch(n -> "automation".equals(((JsonObject) n).getString("type")) && "New task".equals(((JsonObject) n).getString("title"))),
                Duration.ofSeconds(10), "the admin's automation notification");
        assertTrue(server.http.get("/api/v1/notifications", agent.accessToken()).items().stream()
                .noneMatch(n -> "automation".equals(((JsonObject) n).getString("type"))), "the agent opted out");
    }

    @Test
    void aSignedWebhookIsQueuedThroughTheOutboundMachinery() {
        Account admin = server.register("Engine Webhook");
        Response endpoint = server.http.post("/api/v1/webhook-endpoints", new JsonObject().put("url", "http://127.0.0.1:9/hook")
                .put("eventTypes", new JsonArray().add("case.created")), admin.accessToken());
        assertEquals(201, endpoint.status(), endpoint::toString);
        String endpointId = endpoint.json().getString("id");
        String id = workflows.create(admin, "Tell the CRM", definition(trigger("case.created"), new JsonArray(),
                action("send_webhook").put("endpointId", endpointId))).getString("id");
        createCase(admin, new JsonObject().put("title", "Hooked"));
        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("succeeded", run.getString("status"), run::encode);
        String messageId = run.getJsonArray("steps").getJsonObject(0).getJsonObject("result").getString("messageId");
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND kind = 'webhook.deliver' "
                + "AND payload->>'eventId' = ? AND payload->>'eventType' = 'workflow.webhook'", admin.tenantId(), messageId));
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_deliveries WHERE tenant_id = ?::uuid "
                + "AND event_id = ?::uuid", admin.tenantId(), messageId) >= 1, Duration.ofSeconds(10), "a delivery attempt");
    }

    @Test
    void aFailedStepRecordsItsErrorAndFailsTheRun() {
        Account admin = server.register("Engine Failure");
        Response endpoint = server.http.post("/api/v1/webhook-endpoints", new JsonObject().put("url", "http://127.0.0.1:9/gone")
                .put("eventTypes", new JsonArray().add("case.created")), admin.accessToken());
        assertEquals(201, endpoint.status(), endpoint::toString);
        String endpointId = endpoint.json().getString("id");
        String id = workflows.create(admin, "Broken", definition(trigger("case.created"), new JsonArray(),
                action("add_note").put("body", "before the failure"),
                action("send_webhook").put("endpointId", endpointId),
                action("add_note").put("body", "never"))).getString("id");
        // removed after the workflow was saved with it: the step meets a missing endpoint
        assertEquals(204, server.http.delete("/api/v1/webhook-endpoints/" + endpointId, admin.accessToken()).status());
        String caseId = createCase(admin, new JsonObject().put("title", "Doomed"));
        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("failed", run.getString("status"));
        assertTrue(run.getString("error").startsWith("step 1 (send_webhook)"), run::encode);
        assertFalse(run.getString("error").matches("(?s).*[A-Za-z]+\\[[a-z]+=.*"), () -> "no record toString() in: " + run.getString("error"));
        JsonArray steps = run.getJsonArray("steps");
        assertEquals(2, steps.size(), "the third step never started");
        assertEquals("succeeded", steps.getJsonObject(0).getString("status"));
        assertEquals("failed", steps.getJsonObject(1).getString("status"));
        assertNotNull(steps.getJsonObject(1).getString("error"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM notes WHERE tenant_id = ?::uuid AND entity_id = ?::uuid",
                admin.tenantId(), caseId));
        JsonObject failed = events(admin.tenantId(), "workflow.run_failed").get(0).getJsonObject("payload");
        assertEquals("failed", failed.getJsonObject("after").getString("status"));
    }

    @Test
    void aRetriedRunNeverRepeatsAStepThatWasInterrupted() {
        Account admin = server.register("Engine Interrupted");
        String id = workflows.create(admin, "Two notes", definition(trigger("case.created"), new JsonArray(),
                action("add_note").put("body", "one"), action("add_note").put("body", "two"))).getString("id");
        String caseId = createCase(admin, new JsonObject().put("title", "Interrupted"));
        String runId = workflows.finishedRuns(admin, id, 1).get(0).getString("id");
        // As if the worker died after step 1's effect committed but before it recorded the step finished.
        TestDatabase.update(server.db, "UPDATE workflow_runs SET status = 'running', finished_at = NULL WHERE id = ?::uuid", runId);
        TestDatabase.update(server.db, "UPDATE workflow_run_steps SET status = 'started' WHERE run_id = ?::uuid AND position = 1", runId);
        TestDatabase.update(server.db, "UPDATE jobs SET status = 'queued', run_at = now() - interval '1 minute' "
                + "WHERE tenant_id = ?::uuid AND payload->>'runId' = ?", admin.tenantId(), runId);
        Eventually.await(() -> "failed".equals(server.http.get(WorkflowFixtures.RUNS + "/" + runId, admin.accessToken()).json()
                .getString("status")), Duration.ofSeconds(10), "the retried run to fail");
        JsonObject run = server.http.get(WorkflowFixtures.RUNS + "/" + runId, admin.accessToken()).json();
        assertEquals("succeeded", run.getJsonArray("steps").getJsonObject(0).getString("status"));
        assertEquals("interrupted", run.getJsonArray("steps").getJsonObject(1).getString("status"));
        assertEquals(2, TestDatabase.queryLong(server.db, "SELECT count(*) FROM notes WHERE tenant_id = ?::uuid AND entity_id = ?::uuid",
                admin.tenantId(), caseId), "neither note was written twice");
    }
}
