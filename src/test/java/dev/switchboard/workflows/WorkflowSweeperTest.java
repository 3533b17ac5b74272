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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clock triggers on a controllable clock: appointment reminders (two sweepers), task due and overdue, inactivity. */
class WorkflowSweeperTest {

    private static final MutableClock clock = MutableClock.atNow();
    private static TestServer server;
    private static WorkflowFixtures workflows;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_WORKFLOWS_SWEEP_INTERVAL", "20ms"), clock);
        workflows = new WorkflowFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Moves the clock and waits for both a sweep and the runs it starts to settle. */
    private static void advance(Duration by) {
        // A jump of the clock would expire the lease of a job still running, and another worker would take it over.
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE status = 'running'") == 0,
                Duration.ofSeconds(10), "running jobs to finish");
        clock.advance(by);
        long sweeps = sweeps();
        Eventually.await(() -> sweeps() >= sweeps + 2, Duration.ofSeconds(10), "two sweeps");
        // Another node may still be committing a batch it claimed: claimed rows show once it has.
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM appointment_reminders WHERE fired_at IS NULL "
                + "AND fire_at <= ?", java.sql.Timestamp.from(clock.instant())) == 0, Duration.ofSeconds(10), "due reminders claimed");
    }

    private static long sweeps() {
        String metrics = server.http.get("/metrics", null).body().toString();
        return metrics.lines().filter(l -> l.startsWith("switchboard_workflows_sweeps_total")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0L);
    }

    private static String appointment(Account who, Instant start) {
        Response r = server.http.post("/api/v1/appointments", new JsonObject().put("title", "Visit").put("startsAt", start.toString())
                .put("endsAt", start.plus(1, ChronoUnit.HOURS).toString()).put("timezone", "Europe/Berlin"), who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    /** Each finished run as {@code entityId@offsetMinutes}. */
    private static List<String> reminderRuns(Account who, String workflowId) {
        return workflows.runs(who, workflowId).stream()
                .map(r -> r.getString("entityId") + "@" + r.getJsonObject("input").getInteger("offsetMinutes")).sorted().toList();
    }

    @Test
    void remindersFireOnceEachAtTheirTimesEvenWithTwoSweepers() throws Exception {
        Account admin = server.register("Sweeper Reminders");
        String id = workflows.create(admin, "Remind", definition(trigger("appointment.upcoming"), new JsonArray(),
                action("notify").put("recipients", new JsonArray().add("owner")).put("title", "Soon"))).getString("id");
        Instant start = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
        String kept = appointment(admin, start);
        String cancelled = appointment(admin, start);
        String moved = appointment(admin, start);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(appointment(admin, start.plus(1, ChronoUnit.DAYS)));
        }
        assertEquals(200, server.http.post("/api/v1/appointments/" + cancelled + "/cancel", new JsonObject().put("version", 1),
                admin.accessToken()).status());
        Response reschedule = server.http.patch("/api/v1/appointments/" + moved, new JsonObject().put("version", 1)
                .put("startsAt", start.plus(1, ChronoUnit.DAYS).toString()).put("endsAt", start.plus(25, ChronoUnit.HOURS).toString()),
                admin.accessToken());
        assertEquals(200, reschedule.status(), reschedule::toString);

        try (Application second = SecondNode.start(server, clock)) {
            advance(Duration.ofHours(23));
            assertEquals(List.of(), reminderRuns(admin, id), "nothing is due yet");
            advance(Duration.ofHours(2));
            assertEquals(List.of(kept + "@1440"), reminderRuns(admin, id), "the 24 h reminder; the moved one's old time is gone");
            advance(Duration.ofHours(24));
            List<String> expected = new ArrayList<>(List.of(kept + "@1440", kept + "@60", moved + "@1440"));
            many.forEach(m -> expected.add(m + "@1440"));
            assertEquals(expected.stream().sorted().toList(), reminderRuns(admin, id));
            advance(Duration.ofHours(22));
            assertEquals(expected.stream().sorted().toList(), reminderRuns(admin, id), "the 1 h reminders are not due yet");
            advance(Duration.ofHours(2));
            expected.add(moved + "@60");
            many.forEach(m -> expected.add(m + "@60"));
            assertEquals(expected.stream().sorted().toList(), reminderRuns(admin, id), "each reminder once, on either node");
        }
        workflows.finishedRuns(admin, id, 44);
        assertEquals(List.of(), workflows.runs(admin, id).stream().filter(r -> !"succeeded".equals(r.getString("status")))
                .map(r -> r.getString("status") + ": " + r.getString("error")).toList());
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM appointment_reminders WHERE tenant_id = ?::uuid "
                + "AND fired_at IS NULL AND fire_at <= ?", admin.tenantId(), java.sql.Timestamp.from(clock.instant())));
    }

    @Test
    void tasksFireDueBeforeAndOverdueAfterTheirDueTimeOnce() {
        Account admin = server.register("Sweeper Tasks");
        String due = workflows.create(admin, "Due soon", definition(trigger("task.due").put("minutesBefore", 60), new JsonArray(),
                action("notify").put("recipients", new JsonArray().add("assignee")).put("title", "Due soon"))).getString("id");
        String overdue = workflows.create(admin, "Overdue", definition(trigger("task.overdue").put("minutesAfter", 30), new JsonArray(),
                action("notify").put("recipients", new JsonArray().add("assignee")).put("title", "Overdue"))).getString("id");
        Instant dueAt = clock.instant().plus(3, ChronoUnit.HOURS);
        String open = task(admin, "Open", dueAt);
        String finished = task(admin, "Finished", dueAt);
        Response done = server.http.patch("/api/v1/tasks/" + finished, new JsonObject().put("status", "done").put("version", 1),
                admin.accessToken());
        assertEquals(200, done.status(), done::toString);
        Eventually.await(() -> workflows.count("workflow_records", admin.tenantId()) == 2, Duration.ofSeconds(10), "the projection");

        advance(Duration.ofMinutes(110));
        assertEquals(0, workflows.runs(admin, due).size(), "not within the hour before yet");
        advance(Duration.ofMinutes(15));
        assertEquals(List.of(open), entityIds(admin, due), "due soon, once; the done task never");
        advance(Duration.ofMinutes(60));
        assertEquals(0, workflows.runs(admin, overdue).size(), "not 30 minutes past due yet");
        advance(Duration.ofMinutes(40));
        assertEquals(List.of(open), entityIds(admin, overdue));
        advance(Duration.ofHours(5));
        assertEquals(List.of(open), entityIds(admin, due));
        assertEquals(List.of(open), entityIds(admin, overdue));
        assertEquals(Instant.parse(workflows.runs(admin, overdue).get(0).getJsonObject("input").getString("dueAt")),
                dueAt.plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void inactivityFiresOnceForARecordWithoutActivityForTheGivenHours() {
        Account admin = server.register("Sweeper Inactivity");
        String id = workflows.create(admin, "Stale cases", definition(trigger("inactivity").put("entityType", "case").put("hours", 48),
                new JsonArray(), action("add_note").put("body", "No activity for two days"))).getString("id");
        String caseId = server.createCase(admin);
        Eventually.await(() -> workflows.count("workflow_records", admin.tenantId()) == 1, Duration.ofSeconds(10), "the projection");
        advance(Duration.ofHours(47));
        assertEquals(0, workflows.runs(admin, id).size());
        advance(Duration.ofHours(2));
        assertEquals(List.of(caseId), entityIds(admin, id));
        advance(Duration.ofHours(10));
        JsonObject run = workflows.finishedRuns(admin, id, 1).get(0);
        assertEquals("succeeded", run.getString("status"), run::encode);
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM notes WHERE tenant_id = ?::uuid AND entity_id = ?::uuid",
                admin.tenantId(), caseId), "once, however long it stays quiet");
    }

    private static String task(Account who, String title, Instant dueAt) {
        Response r = server.http.post("/api/v1/tasks", new JsonObject().put("title", title).put("dueAt", dueAt.toString())
                .put("assigneeUserId", who.userId()), who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static List<String> entityIds(Account who, String workflowId) {
        return workflows.runs(who, workflowId).stream().map(r -> r.getString("entityId")).collect(Collectors.toList());
    }
}
