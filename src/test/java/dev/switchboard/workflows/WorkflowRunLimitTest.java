package dev.switchboard.workflows;

import static dev.switchboard.workflows.WorkflowFixtures.action;
import static dev.switchboard.workflows.WorkflowFixtures.definition;
import static dev.switchboard.workflows.WorkflowFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The total of runs one change may cause, with a chain depth limit so high that only the total can stop a fan-out. */
class WorkflowRunLimitTest {

    /** Below what the depth limit alone would allow (2^10 runs), so only the total can stop the chain here. */
    private static final int LIMIT = 20;

    private static TestServer server;
    private static WorkflowFixtures workflows;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_WORKFLOWS_MAX_CHAIN_DEPTH", "10",
                "SWITCHBOARD_WORKFLOWS_MAX_RUNS_PER_ORIGIN", Integer.toString(LIMIT)));
        workflows = new WorkflowFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRuleThatTriggersItselfTwicePerRunStopsAtTheRunLimitAndSaysWhy() {
        Account admin = server.register("Run Limit");
        String id = workflows.create(admin, "Twice", definition(trigger("task.created"), new JsonArray(),
                action("create_task").put("title", "Left"), action("create_task").put("title", "Right"))).getString("id");
        Response seed = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Seed"), admin.accessToken());
        assertEquals(201, seed.status(), seed::toString);

        int limit = LIMIT;
        // every run that ran created two tasks, each of which tried to start one more run
        int attempts = 1 + 2 * limit;
        Eventually.await(() -> workflows.runs(admin, id).stream().filter(WorkflowFixtures::finished).count() == attempts,
                Duration.ofSeconds(60), attempts + " finished runs");
        server.awaitEventsApplied();
        List<JsonObject> runs = workflows.runs(admin, id);
        assertEquals(attempts, runs.size(), "nothing more once the limit is reached");
        List<JsonObject> ran = runs.stream().filter(r -> !"stopped".equals(r.getString("status"))).toList();
        List<JsonObject> stopped = runs.stream().filter(r -> "stopped".equals(r.getString("status"))).toList();
        assertEquals(limit, ran.size(), "one edit, at most the limit of runs");
        assertTrue(ran.stream().allMatch(r -> "succeeded".equals(r.getString("status"))), ran::toString);
        assertEquals(limit + 1, stopped.size());
        assertTrue(stopped.stream().allMatch(r -> r.getString("error").startsWith("stopped: run limit " + limit + " reached")),
                stopped.get(0)::encode);
        assertTrue(runs.stream().allMatch(r -> r.getInteger("depth") < 10), "the depth limit never had to stop anything");
        String origin = runs.get(0).getString("eventId");
        assertTrue(runs.stream().allMatch(r -> origin.equals(r.getString("originEventId"))), "every run names the first event");
        assertEquals(1 + 2 * limit, workflows.count("tasks", admin.tenantId()), "the seed and two tasks per run that ran");
    }
}
