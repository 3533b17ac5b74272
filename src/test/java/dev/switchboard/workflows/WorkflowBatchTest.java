package dev.switchboard.workflows;

import static dev.switchboard.workflows.WorkflowFixtures.action;
import static dev.switchboard.workflows.WorkflowFixtures.definition;
import static dev.switchboard.workflows.WorkflowFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.Application;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs of local actions at scale: reminders due by the hundred are claimed in batches by two sweepers and each
 * runs once, inside its batch's transaction; a run that breaks its batch sends the batch through the job queue,
 * where it is retried and ends visibly failed; an event-triggered run of local actions needs no job either.
 */
class WorkflowBatchTest {

    private static final MutableClock clock = MutableClock.atNow();
    private static final Map<String, String> SETTINGS = Map.of("SWITCHBOARD_WORKFLOWS_SWEEP_INTERVAL", "20ms",
            "SWITCHBOARD_WORKFLOWS_SWEEP_BATCH", "100", "SWITCHBOARD_JOBS_MAX_ATTEMPTS", "3", "SWITCHBOARD_JOBS_BACKOFF_BASE", "20ms",
            "SWITCHBOARD_JOBS_BACKOFF_CAP", "100ms");
    private static TestServer server;
    private static WorkflowFixtures workflows;

    @BeforeAll
    static void start() {
        server = TestServer.start(SETTINGS, clock);
        workflows = new WorkflowFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An enabled reminder workflow that notifies {@code who} with {@code title}; returns its id. */
    private static String remindWith(Account who, String title) {
        return workflows.create(who, title, definition(trigger("appointment.upcoming"), new JsonArray(),
                action("notify").put("recipients", new JsonArray().add(who.userId())).put("title", title))).getString("id");
    }

    /**
     * {@code count} appointments of {@code who}, each with one reminder due within 10 ms after {@code due} (so the
     * reminders of several organizations interleave in a batch), stored the way the calendar stores them.
     */
    private static void appointments(Account who, int count, Instant due) {
        TestDatabase.update(server.db, """
                WITH a AS (
                    INSERT INTO appointments (tenant_id, id, title, starts_at, ends_at, timezone, kind, owner_user_id, reminder_offsets,
                                              created_by)
                    SELECT ?::uuid, gen_random_uuid(), 'Batch ' || g, ?::timestamptz + interval '1 hour' + (g % 10) * interval '1 ms',
                           ?::timestamptz + interval '2 hours', 'UTC', 'meeting', ?::uuid, '{60}', ?::uuid
                    FROM generate_series(1, ?) AS g
                    RETURNING tenant_id, id, starts_at)
                INSERT INTO appointment_reminders (tenant_id, appointment_id, offset_minutes, fire_at)
                SELECT tenant_id, id, 60, starts_at - interval '1 hour' FROM a""",
                who.tenantId(), due.atOffset(ZoneOffset.UTC), due.atOffset(ZoneOffset.UTC), who.userId(), who.userId(), count);
    }

    private static long runs(String workflowId, String where) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM workflow_runs WHERE workflow_id = ?::uuid AND " + where, workflowId);
    }

    private static long appointmentsRun(String workflowId) {
        return TestDatabase.queryLong(server.db, "SELECT count(DISTINCT entity_id) FROM workflow_runs WHERE workflow_id = ?::uuid",
                workflowId);
    }

    /** Transactions that wrote anything, so far: each one takes a transaction id. */
    private static long writeTransactions() {
        return TestDatabase.queryLong(server.db, "SELECT pg_current_xact_id()::text::bigint");
    }

    @Test
    void manyRemindersDueAtOnceRunOnceEachInBatchesOnTwoNodes() throws Exception {
        Account first = server.register("Batch First");
        Account second = server.register("Batch Second");
        String firstWorkflow = remindWith(first, "Soon");
        String secondWorkflow = remindWith(second, "Soon too");
        Instant due = clock.instant().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        appointments(first, 600, due);
        appointments(second, 400, due);

        try (Application other = SecondNode.start(server, clock, Map.of("SWITCHBOARD_WORKFLOWS_SWEEP_BATCH", "100"))) {
            long before = writeTransactions();
            long started = System.nanoTime();
            clock.advance(Duration.ofMinutes(2));
            Eventually.await(() -> runs(firstWorkflow, "status = 'succeeded'") == 600
                    && runs(secondWorkflow, "status = 'succeeded'") == 400, Duration.ofSeconds(60), "1,000 runs to succeed");
            double seconds = (System.nanoTime() - started) / 1e9;
            long transactions = writeTransactions() - before - 1;
            System.out.printf("1000 reminder runs on two nodes in %.2f s (%.0f runs/s); %d write transactions meanwhile (%.3f per run, "
                    + "event consumers and the nodes' pollers included)%n", seconds, 1000 / seconds, transactions, transactions / 1000.0);
            assertTrue(transactions < 500, "far fewer transactions than runs: " + transactions);
        }
        assertEquals(600, runs(firstWorkflow, "true"), "each reminder once");
        assertEquals(600, appointmentsRun(firstWorkflow));
        assertEquals(400, runs(secondWorkflow, "true"));
        assertEquals(400, appointmentsRun(secondWorkflow));
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE kind = ? AND tenant_id IN (?::uuid, ?::uuid)",
                RunLauncher.JOB_KIND, first.tenantId(), second.tenantId()), "every run ran in its batch, none needed a job");
        assertEquals(600, TestDatabase.queryLong(server.db, "SELECT count(*) FROM workflow_run_steps WHERE tenant_id = ?::uuid "
                + "AND status = 'succeeded'", first.tenantId()), "each run recorded its step");
        assertEquals(1000, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE type = 'workflow.notified' "
                + "AND tenant_id IN (?::uuid, ?::uuid)", first.tenantId(), second.tenantId()), "one notification per run");
        assertEquals(1000, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE type = 'workflow.run_completed' "
                + "AND tenant_id IN (?::uuid, ?::uuid)", first.tenantId(), second.tenantId()));
        JsonObject run = workflows.finishedRuns(first, firstWorkflow, 1).get(0);
        JsonObject result = run.getJsonArray("steps").getJsonObject(0).getJsonObject("result");
        assertEquals(first.userId(), result.getJsonArray("userIds").getString(0));
    }

    @Test
    void aRunThatBreaksItsBatchIsQueuedRetriedAndFailsVisiblyWhileTheOthersRun() {
        Account admin = server.register("Batch Breaks");
        String fine = remindWith(admin, "Fine");
        String broken = remindWith(admin, "Broken");
        TestDatabase.update(server.db, """
                CREATE FUNCTION refuse_broken_notification() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.type = 'workflow.notified' AND NEW.payload->>'title' = 'Broken' THEN
                        RAISE EXCEPTION 'notifications titled Broken are refused';
                    END IF;
                    RETURN NEW;
                END $$""");
        TestDatabase.update(server.db, "CREATE TRIGGER refuse_broken BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION "
                + "refuse_broken_notification()");
        try {
            appointments(admin, 10, clock.instant().plus(1, ChronoUnit.MINUTES));
            clock.advance(Duration.ofMinutes(2));
            // the retries' backoff runs on the test's clock
            Eventually.await(() -> {
                clock.advance(Duration.ofSeconds(1));
                return runs(broken, "status = 'failed'") == 10 && runs(fine, "status = 'succeeded'") == 10;
            }, Duration.ofSeconds(60), "the broken runs to fail and the others to succeed");
        } finally {
            TestDatabase.update(server.db, "DROP TRIGGER refuse_broken ON outbox");
        }
        assertEquals(10, runs(fine, "true"), "each reminder once per workflow");
        assertEquals(10, runs(broken, "true"));
        List<JsonObject> failed = workflows.runs(admin, broken);
        assertTrue(failed.stream().allMatch(r -> r.getString("error").startsWith("gave up after 3 attempts")
                && r.getString("error").contains("notifications titled Broken are refused")), failed::toString);
        assertEquals(10, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND kind = ? "
                + "AND status = 'dead'", admin.tenantId(), RunLauncher.JOB_KIND), "dead letters, visible and retryable");
    }

    @Test
    void anEventTriggeredRunOfLocalActionsRunsInTheConsumersTransaction() {
        Account admin = server.register("Batch Events");
        String id = workflows.create(admin, "Tell me", definition(trigger("task.created"), new JsonArray(),
                action("notify").put("recipients", new JsonArray().add(admin.userId())).put("title", "New task"),
                action("notify").put("recipients", new JsonArray().add("assignee")).put("title", "Yours"))).getString("id");
        Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Inline"), admin.accessToken());
        assertEquals(201, task.status(), task::toString);

        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("succeeded", run.getString("status"), run::encode);
        assertEquals(List.of("succeeded", "skipped"), run.getJsonArray("steps").stream()
                .map(s -> ((JsonObject) s).getString("status")).toList(), "the task has no assignee");
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND kind = ?",
                admin.tenantId(), RunLauncher.JOB_KIND));
        Eventually.await(() -> server.http.get("/api/v1/notifications", admin.accessToken()).items().stream()
                        .anyMatch(n -> "New task".equals(((JsonObject) n).getString("title"))),
                Duration.ofSeconds(10), "the notification");
    }
}
