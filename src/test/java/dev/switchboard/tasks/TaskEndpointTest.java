package dev.switchboard.tasks;

import static dev.switchboard.tasks.TaskFixtures.TASKS;
import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static dev.switchboard.testing.ApiAssertions.fields;
import static dev.switchboard.testing.ApiAssertions.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/tasks}: lifecycle, status rules, comments, time logs, search and overdue, events. */
class TaskEndpointTest {

    private static TestServer server;
    private static TaskFixtures tasks;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        tasks = new TaskFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsReadsUpdatesAndSoftDeletesATask() throws Exception {
        Account admin = server.register("Task Lifecycle");
        Account agent = server.invite(admin, "agent");
        String caseId = server.createCase(admin);
        String contactId = server.createContact(admin);
        String due = "2031-05-01T09:30:00Z";
        JsonObject task = tasks.create(admin, new JsonObject().put("title", "  Call back Acme  ").put("description", "About the invoice")
                .put("caseId", caseId).put("contactId", contactId).put("assigneeUserId", agent.userId())
                .put("dueAt", "2031-05-01T11:30:00+02:00").put("priority", "high"));
        String id = task.getString("id");
        assertEquals("Call back Acme", task.getString("title"));
        assertEquals("About the invoice", task.getString("description"));
        assertEquals(caseId, task.getString("caseId"));
        assertEquals(contactId, task.getString("contactId"));
        assertEquals(agent.userId(), task.getString("assigneeUserId"));
        assertNull(task.getString("assigneeQueueId"));
        assertEquals(due, task.getString("dueAt"), "stored as an instant, answered in UTC");
        assertEquals("high", task.getString("priority"));
        assertEquals("open", task.getString("status"));
        assertNull(task.getString("completedAt"));
        assertEquals(admin.userId(), task.getString("createdBy"));
        assertEquals(0, task.getInteger("totalMinutes"));
        assertEquals(1, task.getInteger("version"));

        Response read = server.http.get(TASKS + "/" + id, admin.accessToken());
        assertEquals(task, read.json());
        assertEquals("\"1\"", read.header("ETag"));

        Response renamed = server.http.patch(TASKS + "/" + id, new JsonObject().put("title", "Call Acme").put("version", 1),
                admin.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("Call Acme", renamed.json().getString("title"));
        assertEquals("About the invoice", renamed.json().getString("description"), "absent fields are kept");
        assertEquals(2, renamed.json().getInteger("version"));

        Response stale = server.http.patch(TASKS + "/" + id, new JsonObject().put("title", "Stale").put("version", 1), admin.accessToken());
        assertProblem(409, stale);
        Response staleIfMatch = server.http.send(HttpMethod.PATCH, TASKS + "/" + id, admin.accessToken(),
                new JsonObject().put("title", "Stale").toBuffer(), Map.of("If-Match", "\"1\""));
        assertProblem(412, staleIfMatch);
        assertEquals("Call Acme", tasks.read(admin, id).getString("title"));
        Response unversioned = server.http.patch(TASKS + "/" + id, new JsonObject().put("title", "No version"), admin.accessToken());
        assertEquals(200, unversioned.status(), unversioned::toString);
        assertEquals("No version", unversioned.json().getString("title"), "without a version the last write wins");

        assertEquals(204, server.http.delete(TASKS + "/" + id, admin.accessToken()).status());
        assertProblem(404, server.http.get(TASKS + "/" + id, admin.accessToken()));
        assertProblem(404, server.http.delete(TASKS + "/" + id, admin.accessToken()));
        assertFalse(tasks.listed(admin, "").contains(id));
        assertNotNull(tasks.single("SELECT deleted_at::text FROM tasks WHERE id = ?::uuid", id), "soft delete keeps the row");
    }

    @Test
    void completingATaskStampsCompletedAtAndReopeningClearsIt() throws Exception {
        Account admin = server.register("Task Completion");
        String id = tasks.create(admin, "File the report").getString("id");

        Response started = tasks.patch(admin, id, new JsonObject().put("status", "in_progress"));
        assertEquals("in_progress", started.json().getString("status"));
        assertNull(started.json().getString("completedAt"));

        Response done = tasks.patch(admin, id, new JsonObject().put("status", "done"));
        assertEquals(200, done.status(), done::toString);
        String completedAt = done.json().getString("completedAt");
        assertNotNull(completedAt);
        assertEquals(completedAt, tasks.patch(admin, id, new JsonObject().put("priority", "low")).json().getString("completedAt"),
                "stays as it was while the task stays done");

        Response reopened = tasks.patch(admin, id, new JsonObject().put("status", "open"));
        assertNull(reopened.json().getString("completedAt"));
        assertEquals(List.of("task.created", "task.updated", "task.completed", "task.updated", "task.updated"), tasks.eventTypes(id));
    }

    @Test
    void theAssigneeMayChangeStatusCommentAndLogTimeButNotEditTheRest() throws Exception {
        Account admin = server.register("Assignee Rights");
        Account viewer = server.invite(admin, "viewer");
        String id = tasks.create(admin, new JsonObject().put("title", "Check the stock").put("assigneeUserId", viewer.userId()))
                .getString("id");

        Response status = tasks.patch(viewer, id, new JsonObject().put("status", "in_progress"));
        assertEquals(200, status.status(), status::toString);
        assertEquals("in_progress", status.json().getString("status"));
        Response comment = server.http.post(TASKS + "/" + id + "/comments", new JsonObject().put("body", "On it"), viewer.accessToken());
        assertEquals(201, comment.status(), comment::toString);
        Response log = server.http.post(TASKS + "/" + id + "/time-logs", new JsonObject().put("minutes", 30), viewer.accessToken());
        assertEquals(201, log.status(), log::toString);

        assertProblem(403, tasks.patch(viewer, id, new JsonObject().put("title", "Renamed by the assignee")));
        assertProblem(403, tasks.patch(viewer, id, new JsonObject().put("status", "done").put("priority", "urgent")));
        assertProblem(403, server.http.delete(TASKS + "/" + id, viewer.accessToken()));
        JsonObject now = tasks.read(admin, id);
        assertEquals("Check the stock", now.getString("title"));
        assertEquals("in_progress", now.getString("status"));
        assertEquals("normal", now.getString("priority"));
        assertEquals(30, now.getInteger("totalMinutes"));
    }

    @Test
    void agentsCannotDeleteTasksButManagersCan() throws Exception {
        Account admin = server.register("No Agent Deletes");
        Account agent = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        String own = tasks.create(agent, "Mine").getString("id");
        assertEquals(200, tasks.patch(agent, own, new JsonObject().put("title", "Mine, renamed")).status(), "creators edit");

        assertProblem(403, server.http.delete(TASKS + "/" + own, agent.accessToken()));
        assertEquals("Mine, renamed", tasks.read(agent, own).getString("title"), "still there");
        String hidden = tasks.create(admin, "Not the agent's").getString("id");
        assertProblem(404, server.http.delete(TASKS + "/" + hidden, agent.accessToken()));

        assertEquals(204, server.http.delete(TASKS + "/" + own, manager.accessToken()).status());
        assertProblem(404, server.http.get(TASKS + "/" + own, agent.accessToken()));
        assertEquals(List.of("task.created", "task.updated", "task.deleted"), tasks.eventTypes(own));
    }

    @Test
    void reassigningPublishesTaskAssignedAndSwitchesBetweenUserAndQueue() throws Exception {
        Account admin = server.register("Reassign");
        Account agent = server.invite(admin, "agent");
        Response createdQueue = server.http.post("/api/v1/queues", new JsonObject().put("name", "Routing"), admin.accessToken());
        assertEquals(201, createdQueue.status(), createdQueue::toString);
        String queue = createdQueue.json().getString("id");
        String id = tasks.create(admin, new JsonObject().put("title", "Route me").put("assigneeQueueId", queue)).getString("id");

        Response toUser = tasks.patch(admin, id, new JsonObject().put("assigneeUserId", agent.userId()));
        assertEquals(agent.userId(), toUser.json().getString("assigneeUserId"));
        assertNull(toUser.json().getString("assigneeQueueId"), "assigning a user takes the task out of its queue");
        assertTrue(tasks.listed(agent, "").contains(id), "the assignee now sees it");

        Response both = tasks.patch(admin, id, new JsonObject().put("assigneeUserId", agent.userId()).put("assigneeQueueId", queue));
        assertProblem(400, both);

        List<JsonObject> events = tasks.events(id);
        JsonObject assigned = events.get(1);
        assertEquals("task.assigned", assigned.getString("type"));
        assertEquals(admin.tenantId(), assigned.getString("tenantId"));
        JsonObject payload = assigned.getJsonObject("payload");
        assertEquals("task", payload.getString("entityType"));
        assertEquals(queue, payload.getJsonObject("before").getString("assigneeQueueId"));
        assertNull(payload.getJsonObject("before").getString("assigneeUserId"));
        assertEquals(agent.userId(), payload.getJsonObject("after").getString("assigneeUserId"));
        assertEquals(2, events.size(), "an assignment alone is not also an update");
    }

    @Test
    void commentsAndTimeLogsAreListedAndTimeIsTotalled() throws Exception {
        Account admin = server.register("Task Activity");
        String id = tasks.create(admin, "Fix the printer").getString("id");
        String comments = TASKS + "/" + id + "/comments";
        String logs = TASKS + "/" + id + "/time-logs";

        JsonObject first = server.http.post(comments, new JsonObject().put("body", "Ordered toner"), admin.accessToken()).json();
        assertEquals(admin.userId(), first.getString("authorUserId"));
        server.http.post(comments, new JsonObject().put("body", "Toner arrived"), admin.accessToken());
        Response listed = server.http.get(comments, admin.accessToken());
        assertEquals(List.of("Ordered toner", "Toner arrived"),
                listed.items().stream().map(c -> ((JsonObject) c).getString("body")).toList());

        JsonObject log = server.http.post(logs, new JsonObject().put("minutes", 45).put("note", "Diagnosis")
                .put("loggedAt", "2030-01-02T10:00:00+01:00"), admin.accessToken()).json();
        assertEquals(45, log.getInteger("minutes"));
        assertEquals("2030-01-02T09:00:00Z", log.getString("loggedAt"));
        server.http.post(logs, new JsonObject().put("minutes", 15), admin.accessToken());
        assertEquals(2, server.http.get(logs, admin.accessToken()).items().size());
        assertEquals(60, tasks.read(admin, id).getInteger("totalMinutes"));
        assertEquals(1, tasks.read(admin, id).getInteger("version"), "activity does not change the task's version");

        for (Object minutes : new Object[] {0, -5, "ten", 1.5, null, 100_000}) {
            Response bad = server.http.post(logs, new JsonObject().put("minutes", minutes), admin.accessToken());
            assertProblem(400, bad);
            assertEquals(List.of("minutes"), fields(bad), bad::toString);
        }
        assertProblem(400, server.http.post(comments, new JsonObject().put("body", "  "), admin.accessToken()));
        assertEquals(60, tasks.read(admin, id).getInteger("totalMinutes"));

        List<JsonObject> events = tasks.events(id);
        assertEquals(List.of("task.created", "task.commented", "task.commented", "task.time_logged", "task.time_logged"),
                events.stream().map(e -> e.getString("type")).toList());
        JsonObject commented = events.get(1).getJsonObject("payload").getJsonObject("after");
        assertEquals(first.getString("id"), commented.getString("commentId"));
        assertEquals("open", commented.getString("status"));
        JsonObject logged = events.get(4).getJsonObject("payload").getJsonObject("after");
        assertEquals(15, logged.getInteger("minutes"));
        assertEquals(60, logged.getInteger("totalMinutes"));
    }

    @Test
    void listsOnlyOverdueTasksWhenAsked() throws Exception {
        Account admin = server.register("Overdue");
        String past = Instant.now().minus(2, ChronoUnit.HOURS).toString();
        String future = Instant.now().plus(2, ChronoUnit.DAYS).toString();
        String overdue = tasks.create(admin, new JsonObject().put("title", "Late").put("dueAt", past)).getString("id");
        String inProgress = tasks.create(admin, new JsonObject().put("title", "Late, started").put("dueAt", past)
                .put("status", "in_progress")).getString("id");
        tasks.create(admin, new JsonObject().put("title", "Late but done").put("dueAt", past).put("status", "done"));
        tasks.create(admin, new JsonObject().put("title", "Late but cancelled").put("dueAt", past).put("status", "cancelled"));
        tasks.create(admin, new JsonObject().put("title", "Not yet due").put("dueAt", future));
        tasks.create(admin, "No due date");

        assertEquals(List.of(overdue, inProgress), tasks.listed(admin, "overdue=true"));
        assertEquals(6, tasks.listed(admin, "overdue=false").size(), "false does not filter");
        assertProblem(400, server.http.get(TASKS + "?overdue=yes", admin.accessToken()));
        assertEquals(List.of(inProgress), tasks.listed(admin, "overdue=true&status=in_progress"));
    }

    @Test
    void searchesByTextStatusAssigneeDueRangeAndLinks() {
        Account admin = server.register("Task Search");
        Account agent = server.invite(admin, "agent");
        String caseId = server.createCase(admin);
        String contactId = server.createContact(admin);
        String invoice = tasks.create(admin, new JsonObject().put("title", "Approve invoice").put("dueAt", "2030-03-10T12:00:00Z")
                .put("caseId", caseId)).getString("id");
        String call = tasks.create(admin, new JsonObject().put("title", "Call").put("description", "Ask about the INVOICE total")
                .put("dueAt", "2030-03-20T12:00:00Z").put("assigneeUserId", agent.userId()).put("contactId", contactId))
                .getString("id");
        String percent = tasks.create(admin, new JsonObject().put("title", "Discount 100% off").put("status", "done")).getString("id");

        assertEquals(List.of(invoice, call), tasks.listed(admin, "q=invoice"));
        assertEquals(List.of(percent), tasks.listed(admin, "q=100%25"), "% is matched literally");
        assertEquals(List.of(), tasks.listed(admin, "q=_"));
        assertEquals(List.of(percent), tasks.listed(admin, "status=done"));
        assertEquals(List.of(call), tasks.listed(admin, "assigneeUserId=" + agent.userId()));
        assertEquals(List.of(invoice), tasks.listed(admin, "dueFrom=2030-03-01T00:00:00Z&dueTo=2030-03-15T00:00:00Z"));
        assertEquals(List.of(call), tasks.listed(admin, "dueFrom=2030-03-15T00:00:00Z"));
        assertEquals(List.of(invoice), tasks.listed(admin, "caseId=" + caseId));
        assertEquals(List.of(call), tasks.listed(admin, "contactId=" + contactId));
        for (String bad : List.of("status=finished", "dueFrom=yesterday", "assigneeUserId=me", "caseId=1")) {
            assertProblem(400, server.http.get(TASKS + "?" + bad, admin.accessToken()));
        }
    }

    @Test
    void pagesThroughTasksInCreationOrder() {
        Account admin = server.register("Task Pages");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(tasks.create(admin, "Task " + i).getString("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = server.http.get(TASKS + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin.accessToken());
            assertEquals(200, page.status(), page::toString);
            seen.addAll(ids(page));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null && seen.size() < 10);
        assertEquals(created, seen);
    }

    @Test
    void rejectsInvalidTasksAndLeavesNoTrace() throws Exception {
        Account admin = server.register("Task Validation");
        Account elsewhere = server.register("Task Validation Elsewhere");
        List<JsonObject> invalid = List.of(new JsonObject(), new JsonObject().put("title", " "),
                new JsonObject().put("title", "x".repeat(201)), new JsonObject().put("title", "T").put("priority", "asap"),
                new JsonObject().put("title", "T").put("status", "closed"), new JsonObject().put("title", "T").put("dueAt", "tomorrow"),
                new JsonObject().put("title", "T").put("caseId", "case-1"));
        for (JsonObject body : invalid) {
            Response r = server.http.post(TASKS, body, admin.accessToken());
            assertProblem(400, r);
            assertFalse(fields(r).isEmpty(), () -> body + " -> " + r);
        }
        List<JsonObject> unknownReferences = List.of(
                new JsonObject().put("title", "T").put("assigneeUserId", UUID.randomUUID().toString()),
                new JsonObject().put("title", "T").put("assigneeUserId", elsewhere.userId()),
                new JsonObject().put("title", "T").put("assigneeQueueId", UUID.randomUUID().toString()),
                new JsonObject().put("title", "T").put("teamId", UUID.randomUUID().toString()));
        for (JsonObject body : unknownReferences) {
            Response r = server.http.post(TASKS, body, admin.accessToken());
            assertProblem(422, r);
            assertFalse(fields(r).isEmpty(), () -> body + " -> " + r);
        }
        assertTrue(tasks.listed(admin, "").isEmpty());
        assertEquals("0", tasks.single("SELECT count(*)::text FROM tasks WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals("0", tasks.single("SELECT count(*)::text FROM audit_log WHERE tenant_id = ?::uuid AND entity_type = 'task'",
                admin.tenantId()));
        assertEquals("0", tasks.single("SELECT count(*)::text FROM outbox WHERE tenant_id = ?::uuid AND type LIKE 'task.%'",
                admin.tenantId()));

        String id = tasks.create(admin, "Valid").getString("id");
        Response unknownAssignee = tasks.patch(admin, id, new JsonObject().put("title", "Changed")
                .put("assigneeUserId", UUID.randomUUID().toString()));
        assertProblem(422, unknownAssignee);
        assertEquals(List.of("assigneeUserId"), fields(unknownAssignee));
        assertEquals("Valid", tasks.read(admin, id).getString("title"), "the failed update changed nothing");
        assertEquals(List.of("task.created"), tasks.eventTypes(id));
    }

    @Test
    void creationsArrivingTogetherShareATransactionAndEachKeepsItsEventAndKey() throws Exception {
        Account admin = server.register("Task Burst");
        int n = 40;
        List<JsonObject> bodies = new ArrayList<>();
        List<Map<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(new JsonObject().put("title", "Burst " + i));
            headers.add(i % 4 == 0 ? Map.of("Idempotency-Key", "burst-" + i) : Map.of());
        }
        List<Response> answers = together(admin, bodies, headers);

        List<String> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Response r = answers.get(i);
            assertEquals(201, r.status(), r::toString);
            assertEquals("Burst " + i, r.json().getString("title"));
            created.add(r.json().getString("id"));
        }
        assertEquals(n, new HashSet<>(created).size());
        int largestGroup = Integer.parseInt(tasks.single(
                "SELECT max(n)::text FROM (SELECT count(*) AS n FROM tasks WHERE tenant_id = ?::uuid GROUP BY xmin::text) g",
                admin.tenantId()));
        assertTrue(largestGroup > 1, "creations that arrived together were written by one transaction");
        for (String id : created) {
            assertEquals(List.of("task.created"), tasks.eventTypes(id), "one event for each created task");
        }
        assertEquals(String.valueOf(n), tasks.single(
                "SELECT count(DISTINCT entity_id)::text FROM audit_log WHERE tenant_id = ?::uuid AND action = 'task.created'",
                admin.tenantId()));
        assertEquals("0", tasks.single("SELECT count(*)::text FROM audit_log WHERE tenant_id = ?::uuid AND action = 'task.created' "
                + "AND (before IS NOT NULL OR jsonb_typeof(after) <> 'object')", admin.tenantId()),
                "a creation's entry has no state before (SQL NULL, not a JSON null) and an object after");
        Eventually.await(() -> {
            JsonObject verified = server.http.post("/api/v1/audit-log/verify", null, admin.accessToken()).json();
            return verified.getBoolean("valid") && verified.getLong("pending") == 0 && verified.getLong("checked") > n;
        }, Duration.ofSeconds(10), "the group's audit entries join the organization's hash chain");
        assertEquals(String.valueOf(n / 4), tasks.single(
                "SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ?::uuid AND applied_at IS NOT NULL", admin.tenantId()),
                "each keyed request's commit marked its key applied");
        Response replay = server.http.send(HttpMethod.POST, TASKS, admin.accessToken(),
                new JsonObject().put("title", "Burst 4").toBuffer(), Map.of("Idempotency-Key", "burst-4"));
        assertEquals(201, replay.status(), replay::toString);
        assertEquals(created.get(4), replay.json().getString("id"), "a retry with the key gets the first answer");
    }

    @Test
    void aRefusedCreationArrivingWithOthersFailsAloneAndWritesNothing() throws Exception {
        Account admin = server.register("Task Burst Refusals");
        int n = 48;
        List<JsonObject> bodies = new ArrayList<>();
        List<Map<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonObject body = new JsonObject().put("title", "Burst " + i);
            switch (i % 6) {
                case 0 -> body.put("assigneeQueueId", UUID.randomUUID().toString()); // refused by the insert itself
                case 1 -> body.put("assigneeUserId", UUID.randomUUID().toString()); // refused by the check before it
                default -> { }
            }
            bodies.add(body);
            headers.add(i % 6 == 2 ? Map.of("Idempotency-Key", "refusals-" + i) : Map.of());
        }
        List<Response> answers = together(admin, bodies, headers);

        List<String> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Response r = answers.get(i);
            if (i % 6 < 2) {
                assertProblem(422, r);
                assertEquals(List.of(i % 6 == 0 ? "assigneeQueueId" : "assigneeUserId"), fields(r));
            } else {
                assertEquals(201, r.status(), r::toString);
                created.add(r.json().getString("id"));
            }
        }
        assertEquals(String.valueOf(created.size()), tasks.single("SELECT count(*)::text FROM tasks WHERE tenant_id = ?::uuid",
                admin.tenantId()), "nothing of a refused creation was written");
        assertEquals(String.valueOf(created.size()), tasks.single(
                "SELECT count(*)::text FROM audit_log WHERE tenant_id = ?::uuid AND action = 'task.created'", admin.tenantId()));
        for (String id : created) {
            assertEquals(List.of("task.created"), tasks.eventTypes(id), "one event for each created task");
        }
        assertEquals(String.valueOf(n / 6), tasks.single(
                "SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ?::uuid AND applied_at IS NOT NULL", admin.tenantId()),
                "a keyed creation written again alone still marks its key");
    }

    /** Sends the creations at once, from as many clients, released together; the answers in their order. */
    private static List<Response> together(Account who, List<JsonObject> bodies, List<Map<String, String>> headers) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            JsonObject body = bodies.get(i);
            Map<String, String> with = headers.get(i);
            calls.add(() -> {
                go.await();
                return server.http.send(HttpMethod.POST, TASKS, who.accessToken(), body.toBuffer(), with);
            });
        }
        ExecutorService clients = Executors.newFixedThreadPool(bodies.size());
        try {
            List<Future<Response>> pending = new ArrayList<>();
            calls.forEach(call -> pending.add(clients.submit(call)));
            go.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> answer : pending) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void eachWritePublishesItsEventWithBeforeAndAfter() throws Exception {
        Account admin = server.register("Task Events");
        Account agent = server.invite(admin, "agent");
        String contactId = server.createContact(admin);
        String id = tasks.create(admin, new JsonObject().put("title", "Send the quote").put("contactId", contactId)).getString("id");
        tasks.patch(admin, id, new JsonObject().put("assigneeUserId", agent.userId()).put("status", "done").put("title", "Quote"));
        server.http.delete(TASKS + "/" + id, admin.accessToken());

        List<JsonObject> events = tasks.events(id);
        assertEquals(List.of("task.created", "task.assigned", "task.completed", "task.updated", "task.deleted"),
                events.stream().map(e -> e.getString("type")).toList(), "one event per thing that happened");
        for (JsonObject e : events) {
            assertEquals(admin.tenantId(), e.getString("tenantId"));
            assertEquals("task", e.getJsonObject("payload").getString("entityType"));
        }
        JsonObject created = events.get(0).getJsonObject("payload");
        assertNull(created.getJsonObject("before"));
        assertEquals(contactId, created.getJsonObject("after").getString("contactId"));
        assertEquals("open", created.getJsonObject("after").getString("status"));
        JsonObject completed = events.get(2).getJsonObject("payload");
        assertEquals("open", completed.getJsonObject("before").getString("status"));
        assertEquals("done", completed.getJsonObject("after").getString("status"));
        assertEquals("Quote", completed.getJsonObject("after").getString("title"));
        JsonObject deleted = events.get(4).getJsonObject("payload");
        assertNull(deleted.getJsonObject("after"));
        assertEquals(agent.userId(), deleted.getJsonObject("before").getString("assigneeUserId"));
        assertEquals("5", tasks.single("SELECT count(*)::text FROM audit_log WHERE entity_id = ?::uuid", id), "audited too");
    }
}
