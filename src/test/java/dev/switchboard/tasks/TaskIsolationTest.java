package dev.switchboard.tasks;

import static dev.switchboard.tasks.TaskFixtures.TASKS;
import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Another organization cannot see or change a task, its comments or its time logs. */
class TaskIsolationTest {

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
    void anotherOrganizationGets404ForEveryTaskRouteAndChangesNothing() throws Exception {
        Account owner = server.register("Task Owner Org");
        Account outsider = server.register("Task Outsider Org");
        String id = tasks.create(owner, new JsonObject().put("title", "Secret plan").put("dueAt", "2000-01-01T00:00:00Z")).getString("id");
        server.http.post(TASKS + "/" + id + "/comments", new JsonObject().put("body", "Secret comment"), owner.accessToken());
        server.http.post(TASKS + "/" + id + "/time-logs", new JsonObject().put("minutes", 10), owner.accessToken());
        String before = snapshot(id);

        for (String target : List.of(id, UUID.randomUUID().toString())) {
            List<Response> attempts = List.of(
                    server.http.get(TASKS + "/" + target, outsider.accessToken()),
                    server.http.patch(TASKS + "/" + target, new JsonObject().put("title", "Mine").put("version", 1), outsider.accessToken()),
                    server.http.patch(TASKS + "/" + target, new JsonObject().put("status", "done").put("version", 1), outsider.accessToken()),
                    server.http.delete(TASKS + "/" + target, outsider.accessToken()),
                    server.http.get(TASKS + "/" + target + "/comments", outsider.accessToken()),
                    server.http.post(TASKS + "/" + target + "/comments", new JsonObject().put("body", "x"), outsider.accessToken()),
                    server.http.get(TASKS + "/" + target + "/time-logs", outsider.accessToken()),
                    server.http.post(TASKS + "/" + target + "/time-logs", new JsonObject().put("minutes", 1), outsider.accessToken()));
            for (Response r : attempts) {
                assertProblem(404, r);
                assertEquals("task not found", r.json().getString("detail"), "a foreign id reads like an unknown one");
            }
        }
        assertProblem(404, server.http.send(HttpMethod.GET, TASKS + "/not-a-uuid", outsider.accessToken(), null, java.util.Map.of()));

        for (String query : List.of("", "overdue=true", "q=Secret", "assigneeUserId=" + owner.userId())) {
            assertFalse(tasks.listed(outsider, query).contains(id), query);
        }
        assertEquals(before, snapshot(id), "nothing changed");
        assertEquals("0", tasks.single("SELECT count(*)::text FROM audit_log WHERE actor_id = ?::uuid AND entity_type = 'task'",
                outsider.userId()));
    }

    private static String snapshot(String id) throws Exception {
        return tasks.single("SELECT concat_ws('|', (SELECT row_to_json(t)::text FROM tasks t WHERE t.id = ?::uuid), "
                + "(SELECT json_agg(c ORDER BY c.id)::text FROM task_comments c WHERE c.task_id = ?::uuid), "
                + "(SELECT json_agg(l ORDER BY l.id)::text FROM task_time_logs l WHERE l.task_id = ?::uuid))", id, id, id);
    }
}
