package dev.switchboard.cases;

import static dev.switchboard.cases.CaseFixtures.CASES;
import static dev.switchboard.cases.CaseFixtures.assertProblem;
import static dev.switchboard.cases.StatsPeriods.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Moving cases through their pipeline: transitions, stage roles, handoff, archive and restore, history and stats. */
class CaseWorkflowTest {

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
    void movesAlongAllowedTransitionsAndRecordsHistory() throws Exception {
        Account admin = server.register("Transitions");
        Account agent = server.invite(admin, "agent");
        String id = fx.createCase(agent, "Lead").getString("id");

        Response moved = fx.status(agent, id, "qualified", "called back");
        assertEquals(200, moved.status(), moved::toString);
        assertEquals("qualified", moved.json().getString("stage"));
        assertEquals("new", moved.json().getString("previousStage"));
        assertEquals(2, moved.json().getInteger("version"));

        Response skip = fx.status(agent, id, "in_progress", null);
        assertProblem(422, skip);
        assertTrue(skip.json().getString("detail").contains("qualified to in_progress"), skip::toString);
        assertProblem(422, fx.status(agent, id, "nowhere", null));
        assertProblem(422, fx.status(agent, id, "qualified", null));
        assertProblem(400, server.http.post(CASES + "/" + id + "/status", new JsonObject(), agent.accessToken()));

        JsonArray history = server.http.get(CASES + "/" + id + "/history", agent.accessToken()).items();
        assertEquals(2, history.size());
        assertNull(history.getJsonObject(0).getString("fromStage"));
        assertEquals("new", history.getJsonObject(0).getString("toStage"));
        JsonObject entry = history.getJsonObject(1);
        assertEquals("new", entry.getString("fromStage"));
        assertEquals("qualified", entry.getString("toStage"));
        assertEquals("called back", entry.getString("reason"));
        assertEquals(agent.userId(), entry.getString("actorUserId"));
        assertNotNull(entry.getString("at"));

        JsonObject event = fx.events(admin.tenantId(), id).get(1);
        assertEquals("case.status_changed", event.getString("_type"));
        assertEquals("new", event.getString("fromStage"));
        assertEquals("qualified", event.getString("toStage"));
        assertEquals("called back", event.getString("reason"));
        assertEquals("new", event.getJsonObject("before").getString("status"));
        assertEquals("qualified", event.getJsonObject("after").getString("status"));
        assertEquals(List.of("case.created", "case.status_changed"), fx.eventTypes(admin.tenantId(), id), "refused moves publish nothing");
    }

    @Test
    void onlyManagersMayAcceptAHandoffAndAcceptingMakesThemOwner() throws Exception {
        Account admin = server.register("Handoff");
        Account manager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        String id = fx.createCase(agent, "Intake").getString("id");
        fx.moveTo(agent, id, "qualified", "pending_handoff");
        assertEquals(List.of(id), fx.listedIds(manager, "&stage=pending_handoff"), "the handoff queue");

        assertProblem(403, fx.status(agent, id, "accepted", null));
        assertProblem(403, server.http.post(CASES + "/" + id + "/handoff/accept", null, agent.accessToken()));
        Response accepted = server.http.post(CASES + "/" + id + "/handoff/accept", null, manager.accessToken());
        assertEquals(200, accepted.status(), accepted::toString);
        assertEquals("accepted", accepted.json().getString("stage"));
        assertEquals(manager.userId(), accepted.json().getString("ownerUserId"));
        assertTrue(fx.listedIds(manager, "&stage=pending_handoff").isEmpty());
        assertProblem(409, server.http.post(CASES + "/" + id + "/handoff/accept", null, manager.accessToken()));
        assertEquals(List.of("case.created", "case.status_changed", "case.status_changed", "case.handoff_accepted",
                "case.status_changed", "case.assigned"), fx.eventTypes(admin.tenantId(), id));
    }

    @Test
    void aDeniedHandoffNeedsAReasonAndReturnsToQualified() throws Exception {
        Account admin = server.register("Denial");
        Account agent = server.invite(admin, "agent");
        String id = fx.createCase(agent, "Weak lead").getString("id");
        fx.moveTo(agent, id, "qualified", "pending_handoff");
        String deny = CASES + "/" + id + "/handoff/deny";

        assertProblem(400, server.http.post(deny, new JsonObject(), admin.accessToken()));
        assertProblem(403, server.http.post(deny, new JsonObject().put("reason", "mine"), agent.accessToken()));
        Response denied = server.http.post(deny, new JsonObject().put("reason", "missing documents"), admin.accessToken());
        assertEquals(200, denied.status(), denied::toString);
        assertEquals("qualified", denied.json().getString("stage"));
        assertEquals(agent.userId(), denied.json().getString("ownerUserId"), "a denial keeps the owner");
        JsonArray history = server.http.get(CASES + "/" + id + "/history", agent.accessToken()).items();
        assertEquals("missing documents", history.getJsonObject(history.size() - 1).getString("reason"));
        List<String> types = fx.eventTypes(admin.tenantId(), id);
        assertEquals(List.of("case.handoff_denied", "case.status_changed"), types.subList(types.size() - 2, types.size()));
        assertProblem(409, server.http.post(deny, new JsonObject().put("reason", "again"), admin.accessToken()));
    }

    @Test
    void restoreReturnsToTheStageBeforeArchiving() throws Exception {
        Account admin = server.register("Archive");
        String id = fx.createCase(admin, "Dormant").getString("id");
        fx.moveTo(admin, id, "qualified");
        String path = CASES + "/" + id;

        Response archived = server.http.post(path + "/archive", new JsonObject().put("reason", "no reply"), admin.accessToken());
        assertEquals(200, archived.status(), archived::toString);
        assertEquals("archived", archived.json().getString("stage"));
        assertEquals("qualified", archived.json().getString("previousStage"));
        assertNotNull(archived.json().getString("archivedAt"));
        assertTrue(fx.listedIds(admin, "").isEmpty(), "archived cases leave the default list");
        assertEquals(List.of(id), fx.listedIds(admin, "&archived=true"));
        assertProblem(409, fx.status(admin, id, "pending_handoff", null));
        assertProblem(409, server.http.patch(path, new JsonObject().put("title", "x").put("version", 3), admin.accessToken()));
        assertProblem(409, server.http.post(path + "/archive", null, admin.accessToken()));

        Response restored = server.http.post(path + "/restore", null, admin.accessToken());
        assertEquals(200, restored.status(), restored::toString);
        assertEquals("qualified", restored.json().getString("stage"));
        assertNull(restored.json().getString("archivedAt"));
        assertProblem(409, server.http.post(path + "/restore", null, admin.accessToken()));
        assertEquals(List.of("case.created", "case.status_changed", "case.archived", "case.restored"), fx.eventTypes(admin.tenantId(), id));
        JsonObject restoredEvent = fx.events(admin.tenantId(), id).get(3);
        assertEquals("archived", restoredEvent.getJsonObject("before").getString("status"));
        assertEquals("qualified", restoredEvent.getJsonObject("after").getString("status"));
    }

    @Test
    void countsVisibleCasesByStageOwnerAndPeriodInTheOrganizationsTimezone() throws Exception {
        Account admin = server.register("Stats");
        Account agent = server.invite(admin, "agent");
        ZoneId zone = ZoneId.of("Pacific/Kiritimati");
        fx.execute("UPDATE organizations SET timezone = ? WHERE id = ?::uuid", zone.getId(), admin.tenantId());
        StatsPeriods current = StatsPeriods.containing(Instant.now(), zone);

        String justInWeek = fx.createCase(admin, "Just in week").getString("id");
        String justBeforeWeek = fx.createCase(admin, "Just before week").getString("id");
        String lastYear = fx.createCase(admin, "Old").getString("id");
        JsonObject agents = fx.createCase(agent, "Agent's");
        fx.moveTo(admin, agents.getString("id"), "qualified");
        Instant justInWeekAt = current.weekStart().plusMinutes(1).toInstant();
        Instant justBeforeWeekAt = current.weekStart().minusMinutes(1).toInstant();
        Instant lastYearAt = Instant.now().atZone(zone).minusYears(1).toInstant();
        Instant agentsAt = Instant.parse(agents.getString("createdAt"));
        setCreated(justInWeek, justInWeekAt);
        setCreated(justBeforeWeek, justBeforeWeekAt);
        setCreated(lastYear, lastYearAt);
        List<Instant> created = List.of(justInWeekAt, justBeforeWeekAt, lastYearAt, agentsAt);

        ObservedStats all = stats(admin, zone);
        assertEquals(zone.getId(), all.json().getString("timezone"));
        assertEquals(4, all.json().getInteger("total"));
        assertEquals(new JsonObject().put("new", 3).put("qualified", 1), all.json().getJsonObject("byStage"));
        assertEquals(count(created, all.periods()::inWeek), all.json().getInteger("createdThisWeek"), all::describe);
        assertEquals(count(created, all.periods()::inMonth), all.json().getInteger("createdThisMonth"), all::describe);
        JsonArray owners = all.json().getJsonArray("byOwner");
        assertEquals(2, owners.size(), owners::encode);
        assertEquals(new JsonObject().put("ownerUserId", null).put("ownerQueueId", null).put("count", 3), owners.getJsonObject(0));
        assertEquals(agent.userId(), owners.getJsonObject(1).getString("ownerUserId"));

        ObservedStats mine = stats(agent, zone);
        assertEquals(1, mine.json().getInteger("total"), "only cases the caller can see");
        assertEquals(new JsonObject().put("qualified", 1), mine.json().getJsonObject("byStage"));
        assertEquals(count(List.of(agentsAt), mine.periods()::inWeek), mine.json().getInteger("createdThisWeek"), mine::describe);
        assertEquals(count(List.of(agentsAt), mine.periods()::inMonth), mine.json().getInteger("createdThisMonth"), mine::describe);
    }

    /** Stats as answered, and the week and month that were current while the server computed them. */
    private record ObservedStats(JsonObject json, StatsPeriods periods) {

        String describe() {
            return json.encode() + " counted in " + periods;
        }
    }

    /** Asks again in the rare case a week or month ended while the request was under way. */
    private static ObservedStats stats(Account caller, ZoneId zone) {
        for (int attempt = 0; attempt < 3; attempt++) {
            StatsPeriods before = StatsPeriods.containing(Instant.now(), zone);
            JsonObject json = server.http.get(CASES + "/stats", caller.accessToken()).json();
            if (before.equals(StatsPeriods.containing(Instant.now(), zone))) {
                return new ObservedStats(json, before);
            }
        }
        throw new AssertionError("the current week or month kept changing during the request");
    }

    private static void setCreated(String caseId, Instant at) throws Exception {
        fx.execute("UPDATE cases SET created_at = ?::timestamptz WHERE id = ?::uuid", at.toString(), caseId);
    }
}
