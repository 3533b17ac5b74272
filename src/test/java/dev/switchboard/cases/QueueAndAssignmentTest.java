package dev.switchboard.cases;

import static dev.switchboard.cases.CaseFixtures.CASES;
import static dev.switchboard.cases.CaseFixtures.QUEUES;
import static dev.switchboard.cases.CaseFixtures.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queues, claiming and releasing queued cases, and managers' bulk assignment. */
class QueueAndAssignmentTest {

    private static TestServer server;
    private static CaseFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new CaseFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void managersManageQueuesAndOthersOnlyReadThem() throws Exception {
        Account admin = server.register("Queue Admin");
        Account manager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        String team = fx.createTeam(admin, "Support");
        String id = fx.createQueue(manager, "Tier 1", team);

        JsonObject queue = server.http.get(QUEUES + "/" + id, agent.accessToken()).json();
        assertEquals("Tier 1", queue.getString("name"));
        assertEquals(team, queue.getString("teamId"));
        assertProblem(403, server.http.post(QUEUES, new JsonObject().put("name", "Mine"), agent.accessToken()));
        assertProblem(403, server.http.patch(QUEUES + "/" + id, new JsonObject().put("name", "Mine").put("version", 1), agent.accessToken()));
        assertProblem(403, server.http.delete(QUEUES + "/" + id, agent.accessToken()));
        assertProblem(409, server.http.post(QUEUES, new JsonObject().put("name", "TIER 1"), manager.accessToken()));
        assertProblem(422, server.http.post(QUEUES, new JsonObject().put("name", "Ghost team").put("teamId", CaseFixtures.uuid()),
                manager.accessToken()));

        Response renamed = server.http.patch(QUEUES + "/" + id, new JsonObject().put("name", "First line").put("version", 1),
                manager.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals(team, renamed.json().getString("teamId"), "a partial update: the team it leaves out stays bound");
        Response unbound = server.http.patch(QUEUES + "/" + id, new JsonObject().putNull("teamId").put("version", 2), manager.accessToken());
        assertEquals(200, unbound.status(), unbound::toString);
        assertNull(unbound.json().getString("teamId"), "null unbinds the team");
        assertEquals("First line", unbound.json().getString("name"));
        assertProblem(409, server.http.patch(QUEUES + "/" + id, new JsonObject().put("name", "Stale").put("version", 1), manager.accessToken()));

        fx.createCase(manager, new JsonObject().put("title", "Waiting").put("ownerQueueId", id));
        assertProblem(409, server.http.delete(QUEUES + "/" + id, manager.accessToken()));
        String empty = fx.createQueue(manager, "Empty", null);
        assertEquals(204, server.http.delete(QUEUES + "/" + empty, manager.accessToken()).status());
        assertProblem(404, server.http.get(QUEUES + "/" + empty, manager.accessToken()));
        assertEquals(List.of("queue.created", "queue.deleted"), fx.eventTypes(admin.tenantId(), empty));
    }

    @Test
    void agentsSeeAndClaimCasesOfTheirTeamsQueuesAndUnboundOnes() throws Exception {
        Account admin = server.register("Claims");
        Account agent = server.invite(admin, "agent");
        Account colleague = server.invite(admin, "agent");
        Account outsider = server.invite(admin, "agent");
        String team = fx.createTeam(admin, "Billing", agent, colleague);
        String teamQueue = fx.createQueue(admin, "Billing queue", team);
        String openQueue = fx.createQueue(admin, "Everyone", null);
        String otherQueue = fx.createQueue(admin, "Legal", fx.createTeam(admin, "Legal"));
        String billing = fx.createCase(admin, new JsonObject().put("title", "Invoice").put("ownerQueueId", teamQueue)).getString("id");
        String open = fx.createCase(admin, new JsonObject().put("title", "Anyone").put("ownerQueueId", openQueue)).getString("id");
        String legal = fx.createCase(admin, new JsonObject().put("title", "Contract").put("ownerQueueId", otherQueue)).getString("id");

        assertEquals(List.of(open, billing), fx.listedIds(agent, ""), "newest first");
        assertEquals(List.of(open), fx.listedIds(outsider, ""));
        assertProblem(404, server.http.post(CASES + "/" + legal + "/claim", null, agent.accessToken()));
        assertProblem(403, fx.status(agent, billing, "qualified", null)); // a queued case is claimed before it is worked

        Response claimed = server.http.post(CASES + "/" + billing + "/claim", null, agent.accessToken());
        assertEquals(200, claimed.status(), claimed::toString);
        assertEquals(agent.userId(), claimed.json().getString("ownerUserId"));
        assertEquals(teamQueue, claimed.json().getString("ownerQueueId"), "the case remembers its queue");
        assertProblem(409, server.http.post(CASES + "/" + billing + "/claim", null, colleague.accessToken()));
        assertProblem(403, server.http.post(CASES + "/" + billing + "/release", null, colleague.accessToken()));
        assertEquals(200, fx.status(agent, billing, "qualified", null).status(), "the owner works the case");

        Response released = server.http.post(CASES + "/" + billing + "/release", null, agent.accessToken());
        assertEquals(200, released.status(), released::toString);
        assertNull(released.json().getString("ownerUserId"));
        assertEquals(teamQueue, released.json().getString("ownerQueueId"));
        assertProblem(403, server.http.post(CASES + "/" + billing + "/release", null, agent.accessToken()));
        assertProblem(409, server.http.post(CASES + "/" + billing + "/release", null, admin.accessToken()));
        assertEquals(200, server.http.post(CASES + "/" + billing + "/claim", null, colleague.accessToken()).status());

        List<JsonObject> events = fx.events(admin.tenantId(), billing);
        List<String> types = events.stream().map(e -> e.getString("_type")).toList();
        assertEquals(List.of("case.created", "case.assigned", "case.status_changed", "case.assigned", "case.assigned"), types);
        assertEquals(agent.userId(), events.get(1).getJsonObject("after").getString("ownerUserId"));
        assertNull(events.get(3).getJsonObject("after").getString("ownerUserId"));
    }

    @Test
    void bulkAssignmentIsAllOrNothing() throws Exception {
        Account admin = server.register("Bulk");
        Account manager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        String a = fx.createCase(admin, "A").getString("id");
        String b = fx.createCase(admin, "B").getString("id");
        String queue = fx.createQueue(manager, "Overflow", null);
        Account other = server.register("Bulk Elsewhere");
        String foreign = fx.createCase(other, "Theirs").getString("id");

        JsonObject toAgent = new JsonObject().put("caseIds", new JsonArray().add(a).add(b)).put("ownerUserId", agent.userId());
        assertProblem(403, server.http.post(CASES + "/bulk-assign", toAgent, agent.accessToken()));
        JsonObject withForeign = toAgent.copy().put("caseIds", new JsonArray().add(a).add(b).add(foreign));
        assertProblem(404, server.http.post(CASES + "/bulk-assign", withForeign, manager.accessToken()));
        assertProblem(400, server.http.post(CASES + "/bulk-assign", toAgent.copy().put("ownerQueueId", queue), manager.accessToken()));
        assertProblem(400, server.http.post(CASES + "/bulk-assign", new JsonObject().put("caseIds", new JsonArray()).put("ownerQueueId", queue),
                manager.accessToken()));
        for (String id : List.of(a, b)) {
            assertNull(server.http.get(CASES + "/" + id, admin.accessToken()).json().getString("ownerUserId"), "nothing was assigned");
            assertEquals(List.of("case.created"), fx.eventTypes(admin.tenantId(), id));
        }
        assertEquals(1, fx.count("SELECT count(*) FROM cases WHERE id = ?::uuid AND version = 1", a));

        Response assigned = server.http.post(CASES + "/bulk-assign", toAgent, manager.accessToken());
        assertEquals(200, assigned.status(), assigned::toString);
        assertEquals(List.of(a, b), CaseFixtures.ids(assigned.json().getJsonArray("items")));
        assertEquals(List.of(b, a), fx.listedIds(agent, ""), "newest first");
        for (String id : List.of(a, b)) {
            assertEquals(List.of("case.created", "case.assigned"), fx.eventTypes(admin.tenantId(), id));
        }
        Response queued = server.http.post(CASES + "/bulk-assign", new JsonObject().put("caseIds", new JsonArray().add(a))
                .put("ownerQueueId", queue), manager.accessToken());
        assertEquals(200, queued.status(), queued::toString);
        assertNull(queued.json().getJsonArray("items").getJsonObject(0).getString("ownerUserId"));
        assertFalse(fx.listedIds(agent, "&ownerUserId=" + agent.userId()).contains(a));
        assertTrue(fx.listedIds(agent, "").contains(a), "an unbound queue's cases are visible to every agent");
    }
}
