package dev.switchboard.cases;

import static dev.switchboard.cases.CaseFixtures.CASES;
import static dev.switchboard.cases.CaseFixtures.PIPELINES;
import static dev.switchboard.cases.CaseFixtures.QUEUES;
import static dev.switchboard.cases.CaseFixtures.assertProblem;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may read and change which case, role by role, and that another organization reaches none of them. */
class CaseAccessTest {

    private static TestServer server;
    private static CaseFixtures fx;
    private static Account admin;
    private static Account owner;
    private static String team;
    private static String contact;
    /** Role → [may read, may write]; a case is owned by {@code owner}, belongs to {@code team}, is linked to {@code contact}. */
    private static Map<Account, int[]> expectations;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fx = new CaseFixtures(server);
        admin = server.register("Case Access");
        owner = server.invite(admin, "agent");
        Account teammate = server.invite(admin, "agent");
        Account linked = server.invite(admin, "customer");
        contact = server.linkCustomer(admin, linked).toString();
        Account unlinked = server.invite(admin, "customer");
        server.linkCustomer(admin, unlinked);
        team = fx.createTeam(admin, "Case Team", teammate);
        expectations = new LinkedHashMap<>();
        expectations.put(admin, new int[] {200, 200});
        expectations.put(server.invite(admin, "manager"), new int[] {200, 200});
        expectations.put(owner, new int[] {200, 200});
        expectations.put(teammate, new int[] {200, 200});
        expectations.put(server.invite(admin, "agent"), new int[] {404, 404});
        expectations.put(server.invite(admin, "viewer"), new int[] {200, 403});
        expectations.put(linked, new int[] {200, 403});
        expectations.put(unlinked, new int[] {404, 404});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newCase() {
        return fx.createCase(admin, new JsonObject().put("title", "Guarded").put("ownerUserId", owner.userId()).put("teamId", team)
                .put("contactId", contact)).getString("id");
    }

    @Test
    void eachRoleReadsExactlyTheCasesTheRulesAllow() {
        String id = newCase();
        expectations.forEach((caller, expected) -> {
            String who = caller.email();
            assertEquals(expected[0], server.http.get(CASES + "/" + id, caller.accessToken()).status(), who);
            assertEquals(expected[0], server.http.get(CASES + "/" + id + "/history", caller.accessToken()).status(), who);
            assertEquals(expected[0] == 200, fx.listedIds(caller, "").contains(id), who);
            JsonObject stats = server.http.get(CASES + "/stats", caller.accessToken()).json();
            assertEquals(expected[0] == 200, stats.getJsonObject("byStage").getInteger("new", 0) > 0, who);
        });
    }

    @Test
    void eachRoleChangesExactlyTheCasesTheRulesAllow() {
        Map<String, BiFunction<Account, String, Response>> writes = Map.of(
                "patch", (caller, id) -> server.http.patch(CASES + "/" + id, new JsonObject().put("title", "Changed").put("version", 1),
                        caller.accessToken()),
                "status", (caller, id) -> fx.status(caller, id, "qualified", null),
                "archive", (caller, id) -> server.http.post(CASES + "/" + id + "/archive", null, caller.accessToken()));
        expectations.forEach((caller, expected) -> writes.forEach((name, write) -> {
            String id = newCase();
            Response r = write.apply(caller, id);
            assertEquals(expected[1], r.status(), () -> caller.email() + " " + name + " -> " + r);
            int version = server.http.get(CASES + "/" + id, admin.accessToken()).json().getInteger("version");
            assertEquals(expected[1] == 200 ? 2 : 1, version, caller.email() + " " + name);
        }));
    }

    @Test
    void viewersAndCustomersCannotCreateCasesOrManagePipelinesAndQueues() {
        expectations.keySet().stream().filter(a -> a.email().startsWith("viewer") || a.email().startsWith("customer")).forEach(caller -> {
            assertProblem(403, server.http.post(CASES, new JsonObject().put("title", "Not mine"), caller.accessToken()));
            assertProblem(403, server.http.post(QUEUES, new JsonObject().put("name", "Nope"), caller.accessToken()));
            assertProblem(403, server.http.post(PIPELINES, new JsonObject().put("name", "Nope")
                    .put("stages", new JsonArray().add(new JsonObject().put("key", "a").put("name", "A"))), caller.accessToken()));
        });
        Account customer = expectations.keySet().stream().filter(a -> a.email().startsWith("customer")).findFirst().orElseThrow();
        String pipeline = server.http.get(PIPELINES, admin.accessToken()).items().getJsonObject(0).getString("id");
        assertTrue(server.http.get(PIPELINES, customer.accessToken()).items().isEmpty());
        assertProblem(404, server.http.get(PIPELINES + "/" + pipeline, customer.accessToken()));
        assertTrue(server.http.get(QUEUES, customer.accessToken()).items().isEmpty());
    }

    @Test
    void anotherOrganizationGets404ForEveryCaseRouteAndChangesNothing() throws Exception {
        String id = newCase();
        String queue = fx.createQueue(admin, "Private queue", null);
        String queued = fx.createCase(admin, new JsonObject().put("title", "Queued").put("ownerQueueId", queue)).getString("id");
        String pipeline = server.http.get(CASES + "/" + id, admin.accessToken()).json().getString("pipelineId");
        Account outsider = server.register("Case Outsider");
        fx.createCase(outsider, "Their own");
        String before = snapshot();

        String c = CASES + "/" + id;
        JsonObject reason = new JsonObject().put("reason", "x");
        List<Object[]> attempts = List.of(
                new Object[] {HttpMethod.GET, c, null}, new Object[] {HttpMethod.GET, c + "/history", null},
                new Object[] {HttpMethod.PATCH, c, new JsonObject().put("title", "Ours").put("version", 1)},
                new Object[] {HttpMethod.POST, c + "/status", new JsonObject().put("stage", "qualified")},
                new Object[] {HttpMethod.POST, c + "/handoff/accept", null}, new Object[] {HttpMethod.POST, c + "/handoff/deny", reason},
                new Object[] {HttpMethod.POST, CASES + "/" + queued + "/claim", null}, new Object[] {HttpMethod.POST, c + "/release", null},
                new Object[] {HttpMethod.POST, c + "/archive", null}, new Object[] {HttpMethod.POST, c + "/restore", null},
                new Object[] {HttpMethod.POST, CASES + "/bulk-assign", new JsonObject().put("caseIds", new JsonArray().add(id))
                        .put("ownerUserId", outsider.userId())},
                new Object[] {HttpMethod.GET, PIPELINES + "/" + pipeline, null},
                new Object[] {HttpMethod.PATCH, PIPELINES + "/" + pipeline, new JsonObject().put("name", "Ours").put("version", 1)
                        .put("stages", new JsonArray().add(new JsonObject().put("key", "a").put("name", "A")))},
                new Object[] {HttpMethod.DELETE, PIPELINES + "/" + pipeline, null},
                new Object[] {HttpMethod.GET, QUEUES + "/" + queue, null},
                new Object[] {HttpMethod.PATCH, QUEUES + "/" + queue, new JsonObject().put("name", "Ours").put("version", 1)},
                new Object[] {HttpMethod.DELETE, QUEUES + "/" + queue, null});
        for (Object[] a : attempts) {
            JsonObject body = (JsonObject) a[2];
            Response r = server.http.send((HttpMethod) a[0], (String) a[1], outsider.accessToken(), body == null ? null : body.toBuffer(), Map.of());
            assertProblem(404, r);
        }
        assertFalse(fx.listedIds(outsider, "").contains(id));
        assertFalse(CaseFixtures.ids(server.http.get(QUEUES, outsider.accessToken()).items()).contains(queue));
        assertFalse(CaseFixtures.ids(server.http.get(PIPELINES, outsider.accessToken()).items()).contains(pipeline));
        assertEquals(1, server.http.get(CASES + "/stats", outsider.accessToken()).json().getInteger("total"));
        assertEquals(before, snapshot(), "nothing of the first organization changed");
    }

    /** Everything of the first organization's cases feature, as the superuser sees it. */
    private static String snapshot() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = TestDatabase.connect(server.db); Statement st = c.createStatement()) {
            for (String sql : List.of("SELECT * FROM cases ORDER BY id", "SELECT * FROM pipelines ORDER BY id",
                    "SELECT * FROM case_queues ORDER BY id", "SELECT * FROM case_status_history ORDER BY id",
                    "SELECT tenant_id, type, payload::text FROM outbox WHERE type LIKE 'case.%' ORDER BY seq")) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString().replaceAll("(?m)^.*Their own.*$", "");
    }
}
