package dev.switchboard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A consumer whose effect fails for one event: the event is retried, then parked where an admin sees it (API,
 * metric, readiness details) while later events keep flowing; once the fault is gone, retrying it applies it
 * exactly once. The fault is real: a trigger in the database refuses the timeline entry of one task.
 */
class ParkedEventsTest {

    private static final String PARKED = "/api/v1/events/parked";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_OUTBOX_MAX_ATTEMPTS", "3", "SWITCHBOARD_OUTBOX_RETRY_BACKOFF", "20ms"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFailingEventIsRetriedThenParkedWhileLaterEventsFlowAndItsRetryAppliesItOnce() {
        Account admin = server.register("Faulty Projection");
        Account agent = server.invite(admin, "agent");
        String caseId = server.createCase(admin);
        String marker = "boom-" + UUID.randomUUID();
        injectFault(marker);
        try {
            String failing = task(admin, agent, caseId, marker);
            String after = task(admin, agent, caseId, "after the fault");

            Eventually.await(() -> timelineEntries(failing) == 0 && timelineEntries(after) == 1, Duration.ofSeconds(10),
                    "the later task reaches the timeline while the failing one does not");
            JsonObject parked = awaitParked(admin);
            assertEquals("timeline", parked.getString("consumer"));
            assertEquals("task.created", parked.getString("eventType"));
            assertEquals(3, parked.getInteger("attempts"));
            assertTrue(parked.getString("lastError").contains(marker), parked::encode);
            Eventually.await(() -> metric("switchboard_events_consumer_parked{consumer=\"timeline\"}") == 1.0, Duration.ofSeconds(10),
                    "the parked gauge");
            assertEquals(1L, server.http.get("/health/ready", null).json().getJsonObject("details")
                    .getJsonObject("parkedEvents").getLong("timeline"));
            Eventually.await(() -> notifications(agent) == 2, Duration.ofSeconds(10), "the other consumers applied the same event");

            JsonObject stillFailing = retry(admin, parked.getString("id"));
            assertEquals("parked", stillFailing.getString("status"));
            assertEquals(4, stillFailing.getInteger("attempts"));
        } finally {
            removeFault();
        }
        String parkedId = server.http.get(PARKED, admin.accessToken()).items().getJsonObject(0).getString("id");
        assertEquals("applied", retry(admin, parkedId).getString("status"));
        assertEquals(0, server.http.get(PARKED, admin.accessToken()).items().size());
        assertEquals(404, server.http.post(PARKED + "/" + parkedId + "/retry", null, admin.accessToken()).status(),
                "a second retry finds nothing to apply");
        long entries = TestDatabase.queryLong(server.db, "SELECT count(*) FROM timeline_entries WHERE summary LIKE ?",
                "%" + marker + "%");
        assertEquals(1, entries, "applied exactly once");
    }

    /**
     * The workflow intake writes a batch's record changes together, once per tenant: when that write fails, the batch
     * is tried again one event at a time, so only the event whose record is refused gets parked. The three status
     * changes of one bulk request commit together and reach the intake as one batch.
     */
    @Test
    void aRecordChangeWrittenWithItsBatchParksOnlyItsOwnEvent() {
        Account admin = server.register("Faulty Records");
        String marker = "refused-" + UUID.randomUUID();
        String first = task(admin, "first of three");
        String refused = task(admin, marker);
        String last = task(admin, "last of three");
        Eventually.await(() -> projectedAs(first, "open") && projectedAs(refused, "open")
                && projectedAs(last, "open"), Duration.ofSeconds(10), "the three tasks are projected");
        TestDatabase.update(server.db, """
                CREATE FUNCTION refuse_marked_records() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'done' AND NEW.view ->> 'title' = '%s' THEN
                        RAISE EXCEPTION 'injected fault for %s';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(marker, marker));
        TestDatabase.update(server.db, "CREATE TRIGGER refuse_marked BEFORE INSERT OR UPDATE ON workflow_records "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_marked_records()");
        try {
            Response done = server.http.post("/api/v1/tasks/bulk", new JsonObject().put("ids", new JsonArray().add(first).add(refused)
                    .add(last)).put("status", "done"), admin.accessToken());
            assertEquals(200, done.status(), done::toString);
            JsonObject parked = awaitParked(admin);
            assertEquals("workflows", parked.getString("consumer"));
            assertEquals(3, parked.getInteger("attempts"));
            assertTrue(parked.getString("lastError").contains(marker), parked::encode);
            Eventually.await(() -> projectedAs(first, "done") && projectedAs(last, "done"),
                    Duration.ofSeconds(10), "the other events of the batch are applied");
            assertTrue(projectedAs(refused, "open"), "the refused change is not applied");
        } finally {
            TestDatabase.update(server.db, "DROP TRIGGER IF EXISTS refuse_marked ON workflow_records");
            TestDatabase.update(server.db, "DROP FUNCTION IF EXISTS refuse_marked_records()");
        }
        String parkedId = server.http.get(PARKED, admin.accessToken()).items().getJsonObject(0).getString("id");
        assertEquals("applied", retry(admin, parkedId).getString("status"));
        assertTrue(projectedAs(refused, "done"), "the retry applies it");
        assertEquals(0, server.http.get(PARKED, admin.accessToken()).items().size());
    }

    @Test
    void onlyAdminsWithWorkflowRightsSeeParkedEventsAndOnlyTheirOrganizations() {
        Account admin = server.register("Parked Rights");
        Account agent = server.invite(admin, "agent");
        assertEquals(403, server.http.get(PARKED, agent.accessToken()).status());
        Account other = server.register("Parked Other");
        assertEquals(200, server.http.get(PARKED, other.accessToken()).status());
        assertEquals(404, server.http.post(PARKED + "/" + UUID.randomUUID() + "/retry", null, admin.accessToken()).status());
    }

    private static String task(Account admin, Account assignee, String caseId, String title) {
        Response created = server.http.post("/api/v1/tasks", new JsonObject().put("title", title).put("caseId", caseId)
                .put("assigneeUserId", assignee.userId()), admin.accessToken());
        assertEquals(201, created.status(), created::toString);
        return created.json().getString("id");
    }

    private static String task(Account admin, String title) {
        Response created = server.http.post("/api/v1/tasks", new JsonObject().put("title", title), admin.accessToken());
        assertEquals(201, created.status(), created::toString);
        return created.json().getString("id");
    }

    /** Whether the workflow records projection has the task, with {@code status}. */
    private static boolean projectedAs(String taskId, String status) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM workflow_records WHERE entity_type = 'task' "
                + "AND entity_id = ?::uuid AND status = ?", taskId, status) == 1;
    }

    private static JsonObject awaitParked(Account admin) {
        JsonArray[] items = {new JsonArray()};
        Eventually.await(() -> {
            items[0] = server.http.get(PARKED, admin.accessToken()).items();
            return items[0].size() == 1;
        }, Duration.ofSeconds(10), "one parked event");
        return items[0].getJsonObject(0);
    }

    private static JsonObject retry(Account admin, String id) {
        Response r = server.http.post(PARKED + "/" + id + "/retry", null, admin.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static long timelineEntries(String taskId) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM timeline_entries WHERE source_id = ?::uuid", taskId);
    }

    private static int notifications(Account user) {
        return server.http.get("/api/v1/notifications", user.accessToken()).items().size();
    }

    private static double metric(String series) {
        String body = server.http.get("/metrics", null).body().toString();
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(-1);
    }

    private static void injectFault(String marker) {
        TestDatabase.update(server.db, """
                CREATE FUNCTION refuse_marked_entries() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.summary LIKE '%%%s%%' THEN
                        RAISE EXCEPTION 'injected fault for %s';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(marker, marker));
        TestDatabase.update(server.db, "CREATE TRIGGER refuse_marked BEFORE INSERT ON timeline_entries "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_marked_entries()");
    }

    private static void removeFault() {
        TestDatabase.update(server.db, "DROP TRIGGER IF EXISTS refuse_marked ON timeline_entries");
        TestDatabase.update(server.db, "DROP FUNCTION IF EXISTS refuse_marked_entries()");
    }
}
