package dev.switchboard.tasks;

import static dev.switchboard.tasks.TaskFixtures.TASKS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what with one task, role by role: the task is created by one agent, assigned to another,
 * belongs to a third agent's team and is linked to one customer's contact.
 */
class TaskRolesTest {

    private static TestServer server;
    private static TaskFixtures tasks;
    private static Account admin;
    private static Account creator;
    private static Account assignee;
    private static String teamId;
    private static UUID contactId;

    /** The expected status of each action; {@code listed}: whether the task is in the caller's list. */
    private record Row(String who, Account account, int get, boolean listed, int edit, int status, int comment, int readComments,
                       int delete) {
    }

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
    void eachRoleGetsExactlyWhatTheRulesAllow() throws Exception {
        admin = server.register("Task Roles");
        creator = server.invite(admin, "agent");
        assignee = server.invite(admin, "agent");
        Account teammate = server.invite(admin, "agent");
        Account stranger = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        Account viewer = server.invite(admin, "viewer");
        Account customer = server.invite(admin, "customer");
        Account otherCustomer = server.invite(admin, "customer");
        contactId = server.linkCustomer(creator, customer);
        server.linkCustomer(admin, otherCustomer);
        teamId = server.http.post("/api/v1/teams", new JsonObject().put("name", "Ops"), admin.accessToken()).json().getString("id");
        assertEquals(204, server.http.put("/api/v1/teams/" + teamId + "/members/" + teammate.userId(), null, admin.accessToken()).status());

        List<Row> table = List.of(
                new Row("admin", admin, 200, true, 200, 200, 201, 200, 204),
                new Row("manager", manager, 200, true, 200, 200, 201, 200, 204),
                new Row("agent who created it", creator, 200, true, 200, 200, 201, 200, 403),
                new Row("agent assigned to it", assignee, 200, true, 200, 200, 201, 200, 403),
                new Row("agent in its team", teammate, 200, true, 403, 403, 403, 200, 403),
                new Row("unrelated agent", stranger, 404, false, 404, 404, 404, 404, 404),
                new Row("viewer", viewer, 200, true, 403, 403, 403, 200, 403),
                new Row("customer of its contact", customer, 200, true, 403, 403, 403, 403, 403),
                new Row("other customer", otherCustomer, 404, false, 404, 404, 404, 404, 404));

        List<String> failures = new ArrayList<>();
        for (Row row : table) {
            String id = arrangeTask(row.who());
            Account a = row.account();
            check(failures, row, "GET", row.get(), server.http.get(TASKS + "/" + id, a.accessToken()));
            boolean listed = tasks.listed(a, "").contains(id);
            if (listed != row.listed()) {
                failures.add(row.who() + ": listed " + listed);
            }
            check(failures, row, "PATCH title", row.edit(), tasks.patch(a, id, new JsonObject().put("title", "Edited")));
            check(failures, row, "PATCH status", row.status(), tasks.patch(a, id, new JsonObject().put("status", "in_progress")));
            check(failures, row, "POST comment", row.comment(),
                    server.http.post(TASKS + "/" + id + "/comments", new JsonObject().put("body", "Hi"), a.accessToken()));
            check(failures, row, "POST time log", row.comment(),
                    server.http.post(TASKS + "/" + id + "/time-logs", new JsonObject().put("minutes", 5), a.accessToken()));
            check(failures, row, "GET comments", row.readComments(), server.http.get(TASKS + "/" + id + "/comments", a.accessToken()));
            check(failures, row, "GET time logs", row.readComments(), server.http.get(TASKS + "/" + id + "/time-logs", a.accessToken()));
            check(failures, row, "DELETE", row.delete(), server.http.delete(TASKS + "/" + id, a.accessToken()));
            boolean deleted = tasks.single("SELECT deleted_at::text FROM tasks WHERE id = ?::uuid", id) != null;
            if (deleted != (row.delete() == 204)) {
                failures.add(row.who() + ": deleted " + deleted);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void onlyStaffWithTasksWriteCreateTasks() throws Exception {
        Account owner = server.register("Task Creation Roles");
        Account agent = server.invite(owner, "agent");
        Account viewer = server.invite(owner, "viewer");
        Account customer = server.invite(owner, "customer");
        server.linkCustomer(owner, customer);
        JsonObject body = new JsonObject().put("title", "New");
        assertEquals(201, server.http.post(TASKS, body, agent.accessToken()).status());
        assertEquals(403, server.http.post(TASKS, body, viewer.accessToken()).status());
        assertEquals(403, server.http.post(TASKS, body, customer.accessToken()).status());
        assertEquals("1", tasks.single("SELECT count(*)::text FROM tasks WHERE tenant_id = ?::uuid", owner.tenantId()));
    }

    private static String arrangeTask(String label) {
        String id = tasks.create(creator, new JsonObject().put("title", "For " + label).put("assigneeUserId", assignee.userId())
                .put("teamId", teamId).put("contactId", contactId.toString())).getString("id");
        return id;
    }

    private static void check(List<String> failures, Row row, String action, int expected, Response actual) {
        if (actual.status() != expected) {
            failures.add(row.who() + ": " + action + " answered " + actual.status() + ", expected " + expected);
        }
    }
}
