package dev.switchboard.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/{cases,tasks,conversations}/bulk}: every item checked, all or nothing, the usual events. */
class BulkChangeTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void movesAssignsAndLabelsEveryCaseWithTheirUsualEvents() {
        Account admin = server.register("Bulk Cases");
        Account agent = server.invite(admin, "agent");
        List<String> cases = List.of(server.createCase(admin), server.createCase(admin), server.createCase(admin));
        String label = server.http.post("/api/v1/labels", new JsonObject().put("name", "Batch").put("color", "#102030"),
                admin.accessToken()).json().getString("id");

        Response r = bulk("cases", admin, new JsonObject().put("ids", new JsonArray(cases)).put("stage", "qualified")
                .put("ownerUserId", agent.userId()).put("addLabelIds", new JsonArray().add(label)));
        assertEquals(200, r.status(), r::toString);
        assertEquals(3, r.json().getInteger("count"));
        for (String id : cases) {
            JsonObject c = server.http.get("/api/v1/cases/" + id, admin.accessToken()).json();
            assertEquals("qualified", c.getString("stage"));
            assertEquals(agent.userId(), c.getString("ownerUserId"));
            assertEquals(List.of("case.created", "case.status_changed", "case.assigned", "case.labeled"), types(id));
        }
        assertEquals(3, server.http.get("/api/v1/cases?labelId=" + label, admin.accessToken()).items().size());
        assertEquals(2, server.http.get("/api/v1/cases/" + cases.get(0) + "/history", admin.accessToken()).items().size(),
                "the move is in the status history, like a single one");
    }

    @Test
    void refusesEverythingWhenAnyCaseIsRefusedAndListsEachRefusal() {
        Account admin = server.register("Bulk Refusals");
        Account other = server.register("Bulk Other Org");
        String fine = server.createCase(admin);
        String closed = server.createCase(admin);
        assertEquals(200, server.http.post("/api/v1/cases/" + closed + "/status", new JsonObject().put("stage", "closed"),
                admin.accessToken()).status());
        String foreign = server.createCase(other);
        String missing = UUID.randomUUID().toString();

        Response r = bulk("cases", admin, new JsonObject().put("ids", new JsonArray().add(fine).add(closed).add(foreign).add(missing))
                .put("stage", "qualified"));
        assertEquals(422, r.status(), r::toString);
        Map<String, String> errors = errors(r);
        assertEquals(List.of("ids[1]", "ids[2]", "ids[3]"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("ids[1]").startsWith("422"), errors::toString);
        assertTrue(errors.get("ids[2]").startsWith("404"), "another organization's case is unknown: " + errors);
        assertTrue(errors.get("ids[3]").startsWith("404"), errors::toString);
        assertEquals("new", server.http.get("/api/v1/cases/" + fine, admin.accessToken()).json().getString("stage"), "nothing changed");
        assertEquals(List.of("case.created"), types(fine));
        assertEquals("new", server.http.get("/api/v1/cases/" + foreign, other.accessToken()).json().getString("stage"));
    }

    @Test
    void followsEachCasesOwnRulesForAnAgent() {
        Account admin = server.register("Bulk Agent Rules");
        Account agent = server.invite(admin, "agent");
        String mine = server.createCase(agent);
        String notMine = server.createCase(admin);
        Response invisible = bulk("cases", agent, new JsonObject().put("ids", new JsonArray().add(mine).add(notMine)).put("archive", true));
        assertEquals(422, invisible.status(), invisible::toString);
        assertEquals(List.of("ids[1]"), List.copyOf(errors(invisible).keySet()));
        for (String stage : List.of("qualified", "pending_handoff")) {
            assertEquals(200, bulk("cases", agent, new JsonObject().put("ids", new JsonArray().add(mine)).put("stage", stage)).status());
        }
        Response roleStage = bulk("cases", agent, new JsonObject().put("ids", new JsonArray().add(mine)).put("stage", "accepted"));
        assertEquals(422, roleStage.status(), roleStage::toString);
        assertTrue(errors(roleStage).get("ids[0]").startsWith("403"), roleStage::toString);

        Response archived = bulk("cases", agent, new JsonObject().put("ids", new JsonArray().add(mine)).put("archive", true));
        assertEquals(200, archived.status(), archived::toString);
        assertEquals(List.of("case.created", "case.status_changed", "case.status_changed", "case.archived"), types(mine));
        Response again = bulk("cases", agent, new JsonObject().put("ids", new JsonArray().add(mine)).put("archive", true));
        assertTrue(errors(again).get("ids[0]").startsWith("409"), again::toString);
    }

    @Test
    void refusesMoreThanAThousandRecordsAndInvalidRequestsListingEveryField() {
        Account admin = server.register("Bulk Limits");
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        Response r = bulk("tasks", admin, new JsonObject().put("ids", tooMany).put("status", "done"));
        assertEquals(400, r.status(), r::toString);

        String id = UUID.randomUUID().toString();
        Response invalid = bulk("cases", admin, new JsonObject().put("ids", new JsonArray().add(id).add(id)).put("archive", true)
                .put("stage", "qualified").put("addLabelIds", new JsonArray().add(id)).put("removeLabelIds", new JsonArray().add(id)));
        assertEquals(400, invalid.status(), invalid::toString);
        assertEquals(java.util.Set.of("ids[1]", "archive", "removeLabelIds"), errors(invalid).keySet(), invalid::toString);

        Response nothing = bulk("conversations", admin, new JsonObject().put("ids", new JsonArray().add(id)));
        assertEquals(400, nothing.status(), nothing::toString);
    }

    @Test
    void changesAThousandTasksInOneRequestOrNoneOfThem() {
        Account admin = server.register("Bulk Tasks");
        Account agent = server.invite(admin, "agent");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        insertTasks(admin, ids);
        Response done = bulk("tasks", admin, new JsonObject().put("ids", new JsonArray(ids)).put("status", "done")
                .put("assigneeUserId", agent.userId()));
        assertEquals(200, done.status(), done::toString);
        assertEquals(1000, done.json().getInteger("count"));
        assertEquals("1000", scalar("SELECT count(*) FROM tasks WHERE tenant_id = ?::uuid AND status = 'done' AND assignee_user_id = '"
                + agent.userId() + "'", admin.tenantId()));
        assertEquals(List.of("task.assigned", "task.completed"), types(ids.get(999)));

        Response agentArchives = bulk("tasks", agent, new JsonObject().put("ids", new JsonArray(ids.subList(0, 3))).put("archive", true));
        assertEquals(422, agentArchives.status(), "agents cannot delete tasks: " + agentArchives);
        assertEquals(3, errors(agentArchives).size());
        assertEquals("0", scalar("SELECT count(*) FROM tasks WHERE tenant_id = ?::uuid AND deleted_at IS NOT NULL", admin.tenantId()));

        Response archived = bulk("tasks", admin, new JsonObject().put("ids", new JsonArray(ids.subList(0, 3))).put("archive", true));
        assertEquals(200, archived.status(), archived::toString);
        assertEquals(404, server.http.get("/api/v1/tasks/" + ids.get(0), admin.accessToken()).status());
    }

    @Test
    void closesAndLabelsConversations() {
        Account admin = server.register("Bulk Conversations");
        String contact = server.createContact(admin);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email").put("subject", "Bulk " + i)
                    .put("contactId", contact), admin.accessToken()).json().getString("id"));
        }
        String label = server.http.post("/api/v1/labels", new JsonObject().put("name", "Done").put("color", "#00ff00"),
                admin.accessToken()).json().getString("id");
        Response snoozeWithoutEnd = bulk("conversations", admin, new JsonObject().put("ids", new JsonArray(ids)).put("status", "snoozed"));
        assertEquals(422, snoozeWithoutEnd.status(), snoozeWithoutEnd::toString);
        assertEquals(3, errors(snoozeWithoutEnd).size());

        Response closed = bulk("conversations", admin, new JsonObject().put("ids", new JsonArray(ids)).put("status", "closed")
                .put("addLabelIds", new JsonArray().add(label)));
        assertEquals(200, closed.status(), closed::toString);
        for (String id : ids) {
            assertEquals("closed", server.http.get("/api/v1/conversations/" + id, admin.accessToken()).json().getString("status"));
            assertTrue(types(id).containsAll(List.of("conversation.status_changed", "conversation.labeled")), () -> types(id).toString());
        }
        Response unknownLabel = bulk("conversations", admin, new JsonObject().put("ids", new JsonArray(ids))
                .put("removeLabelIds", new JsonArray().add(UUID.randomUUID().toString())));
        assertEquals(422, unknownLabel.status(), unknownLabel::toString);
        assertEquals(3, server.http.get("/api/v1/conversations?labelId=" + label, admin.accessToken()).items().size());
    }

    @Test
    void followsEachConversationsOwnRulesForAgentsAndViewers() {
        Account admin = server.register("Bulk Conversation Rules");
        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        String agents = server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email").put("subject", "Mine")
                .put("assigneeUserId", agent.userId()), admin.accessToken()).json().getString("id");
        String others = server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email").put("subject", "Not mine")
                .put("assigneeUserId", admin.userId()), admin.accessToken()).json().getString("id");
        Response agentTries = bulk("conversations", agent, new JsonObject().put("ids", new JsonArray().add(agents).add(others))
                .put("status", "resolved"));
        assertEquals(422, agentTries.status(), agentTries::toString);
        assertEquals(List.of("ids[1]"), List.copyOf(errors(agentTries).keySet()));
        assertTrue(errors(agentTries).get("ids[1]").startsWith("404"), agentTries::toString);
        Response viewerTries = bulk("conversations", viewer, new JsonObject().put("ids", new JsonArray().add(agents)).put("status", "resolved"));
        assertTrue(errors(viewerTries).get("ids[0]").startsWith("403"), viewerTries::toString);
        assertEquals("open", server.http.get("/api/v1/conversations/" + agents, admin.accessToken()).json().getString("status"));
        assertEquals(200, bulk("conversations", agent, new JsonObject().put("ids", new JsonArray().add(agents)).put("status", "resolved"))
                .status());
    }

    @Test
    void refusesAnotherOrganizationsLabelsAndUsersNamedInTheBody() {
        Account admin = server.register("Bulk References");
        Account rival = server.register("Bulk Rival");
        String kase = server.createCase(admin);
        String rivalLabel = server.http.post("/api/v1/labels", new JsonObject().put("name", "Rival").put("color", "#999999"),
                rival.accessToken()).json().getString("id");
        Response label = bulk("cases", admin, new JsonObject().put("ids", new JsonArray().add(kase))
                .put("addLabelIds", new JsonArray().add(rivalLabel)));
        assertEquals(422, label.status(), label::toString);
        assertEquals(List.of("addLabelIds"), List.copyOf(errors(label).keySet()));
        Response owner = bulk("cases", admin, new JsonObject().put("ids", new JsonArray().add(kase)).put("ownerUserId", rival.userId()));
        assertEquals(422, owner.status(), owner::toString);
        assertEquals(List.of("ownerUserId"), List.copyOf(errors(owner).keySet()));
        assertEquals(List.of("case.created"), types(kase), "nothing changed");
    }

    private static Response bulk(String records, Account caller, JsonObject body) {
        return server.http.post("/api/v1/" + records + "/bulk", body, caller.accessToken());
    }

    private static Map<String, String> errors(Response r) {
        return r.json().getJsonArray("errors").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(e -> e.getString("field"), e -> e.getString("message"), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static List<String> types(String entityId) {
        return server.events(entityId).stream().map(e -> e.getString("type")).toList();
    }

    private static void insertTasks(Account admin, List<String> ids) {
        try (java.sql.Connection c = TestDatabase.connect(server.db);
             java.sql.PreparedStatement st = c.prepareStatement("""
                     INSERT INTO tasks (tenant_id, id, title, created_by) SELECT ?::uuid, id::uuid, 'Bulk task', ?::uuid
                     FROM unnest(?::text[]) id""")) {
            st.setString(1, admin.tenantId());
            st.setString(2, admin.userId());
            st.setArray(3, c.createArrayOf("text", ids.toArray()));
            assertEquals(ids.size(), st.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String scalar(String sql, String tenantId) {
        try (java.sql.Connection c = TestDatabase.connect(server.db); java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, tenantId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
