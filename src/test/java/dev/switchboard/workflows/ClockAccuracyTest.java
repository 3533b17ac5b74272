package dev.switchboard.workflows;

import static dev.switchboard.workflows.WorkflowFixtures.action;
import static dev.switchboard.workflows.WorkflowFixtures.definition;
import static dev.switchboard.workflows.WorkflowFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cron, due and overdue triggers fire at their instant and never a moment before it, however close the sweep comes. */
class ClockAccuracyTest {

    private static final Instant EIGHT = Instant.parse("2031-06-02T08:00:00Z");

    private static final MutableClock clock = MutableClock.atNow();
    private static TestServer server;
    private static WorkflowFixtures workflows;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_WORKFLOWS_SWEEP_INTERVAL", "20ms"), clock);
        workflows = new WorkflowFixtures(server);
        clock.advance(Duration.between(clock.instant(), EIGHT.minus(Duration.ofMinutes(5))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void cronDueAndOverdueWaitForTheirInstant() {
        Account admin = server.register("Punctual Org");
        JsonObject notify = action("notify").put("recipients", new JsonArray().add(admin.userId())).put("title", "Ping");
        String cron = workflows.create(admin, "At eight", definition(trigger("schedule").put("cron", "0 8 * * *"), new JsonArray(), notify))
                .getString("id");
        String due = workflows.create(admin, "Due", definition(trigger("task.due").put("minutesBefore", 0), new JsonArray(), notify))
                .getString("id");
        String overdue = workflows.create(admin, "Overdue", definition(trigger("task.overdue").put("minutesAfter", 1), new JsonArray(),
                notify)).getString("id");
        Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Report").put("dueAt", EIGHT.toString())
                .put("assigneeUserId", admin.userId()), admin.accessToken());
        assertEquals(201, task.status(), task::toString);
        Eventually.await(() -> workflows.count("workflow_records", admin.tenantId()) == 1, Duration.ofSeconds(10), "the projection");

        moveTo(EIGHT.minusMillis(800));
        moveTo(EIGHT.minusMillis(1));
        assertEquals(List.of(0, 0, 0), List.of(runs(admin, cron), runs(admin, due), runs(admin, overdue)), "nothing before 08:00");

        moveTo(EIGHT);
        Eventually.await(() -> runs(admin, cron) == 1 && runs(admin, due) == 1, Duration.ofSeconds(10), "cron and due at 08:00");
        assertEquals(EIGHT, Instant.parse(workflows.runs(admin, cron).get(0).getJsonObject("input").getString("dueAt")));
        moveTo(EIGHT.plusSeconds(60).minusMillis(1));
        assertEquals(0, runs(admin, overdue), "not a minute past due yet");
        moveTo(EIGHT.plusSeconds(60));
        Eventually.await(() -> runs(admin, overdue) == 1, Duration.ofSeconds(10), "overdue at 08:01");
        assertEquals(List.of(1, 1, 1), List.of(runs(admin, cron), runs(admin, due), runs(admin, overdue)), "each once");
    }

    private static int runs(Account admin, String workflowId) {
        return workflows.runs(admin, workflowId).size();
    }

    /** Moves the clock forward to {@code at} and waits for two sweeps there. */
    private static void moveTo(Instant at) {
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE status = 'running'") == 0,
                Duration.ofSeconds(10), "running jobs to finish");
        clock.advance(Duration.between(clock.instant(), at));
        long before = sweeps();
        Eventually.await(() -> sweeps() >= before + 2, Duration.ofSeconds(10), "two sweeps");
    }

    private static long sweeps() {
        String metrics = server.http.get("/metrics", null).body().toString();
        return metrics.lines().filter(l -> l.startsWith("switchboard_workflows_sweeps_total")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0L);
    }
}
