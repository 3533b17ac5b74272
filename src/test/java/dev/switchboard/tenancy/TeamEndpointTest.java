package dev.switchboard.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/teams}: create, read, rename, delete, members; who may do which; one organization at a time. */
class TeamEndpointTest {

    private static final String TEAMS = "/api/v1/teams";

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
    void createsReadsRenamesAndDeletesATeam() throws Exception {
        Account admin = server.register("Team Lifecycle");
        Response created = server.http.post(TEAMS, new JsonObject().put("name", "  Support  ").put("description", "First line"),
                admin.accessToken());
        assertEquals(201, created.status(), created::toString);
        JsonObject team = created.json();
        String id = team.getString("id");
        assertNotNull(UUID.fromString(id));
        assertEquals("Support", team.getString("name"), "names are trimmed");
        assertEquals("First line", team.getString("description"));
        assertEquals(1, team.getInteger("version"));
        assertEquals(0, team.getInteger("memberCount"));
        assertNotNull(team.getString("createdAt"));

        Response read = server.http.get(TEAMS + "/" + id, admin.accessToken());
        assertEquals(200, read.status(), read::toString);
        assertEquals(team, read.json());
        assertTrue(listedIds(admin).contains(id));

        Response renamed = server.http.patch(TEAMS + "/" + id,
                new JsonObject().put("name", "Customer Support").put("description", "All lines").put("version", 1), admin.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("Customer Support", renamed.json().getString("name"));
        assertEquals("All lines", renamed.json().getString("description"));
        assertEquals(2, renamed.json().getInteger("version"));
        assertEquals("Customer Support", server.http.get(TEAMS + "/" + id, admin.accessToken()).json().getString("name"));

        Response deleted = server.http.delete(TEAMS + "/" + id, admin.accessToken());
        assertEquals(204, deleted.status(), deleted::toString);
        assertProblem(404, server.http.get(TEAMS + "/" + id, admin.accessToken()));
        assertProblem(404, server.http.delete(TEAMS + "/" + id, admin.accessToken()));
        assertFalse(listedIds(admin).contains(id));

        assertEquals(List.of("team.created", "team.updated", "team.deleted"), auditActions(admin.tenantId(), id));
    }

    @Test
    void rejectsATeamNameAlreadyTakenInTheOrganization() {
        Account admin = server.register("Name Clash");
        String first = createTeam(admin, "Sales");
        Response duplicate = server.http.post(TEAMS, new JsonObject().put("name", "SALES"), admin.accessToken());
        assertProblem(409, duplicate);
        assertTrue(duplicate.json().getString("type").endsWith("/team-name-taken"), duplicate::toString);

        String second = createTeam(admin, "Marketing");
        Response rename = server.http.patch(TEAMS + "/" + second, new JsonObject().put("name", "sales").put("version", 1), admin.accessToken());
        assertProblem(409, rename);
        assertTrue(rename.json().getString("type").endsWith("/team-name-taken"), rename::toString);
        assertEquals("Marketing", server.http.get(TEAMS + "/" + second, admin.accessToken()).json().getString("name"));
        assertEquals(1, server.http.get(TEAMS + "/" + second, admin.accessToken()).json().getInteger("version"));

        Account elsewhere = server.register("Name Clash Elsewhere");
        assertNotNull(createTeam(elsewhere, "Sales"), "another organization may use the same name");
        assertEquals("Sales", server.http.get(TEAMS + "/" + first, admin.accessToken()).json().getString("name"));
    }

    @Test
    void rejectsAnUpdateBasedOnAStaleVersion() {
        Account admin = server.register("Stale Writes");
        Account manager = server.invite(admin, "manager");
        String id = createTeam(admin, "Billing");

        Response first = server.http.patch(TEAMS + "/" + id, new JsonObject().put("name", "Billing EU").put("version", 1), admin.accessToken());
        assertEquals(200, first.status(), first::toString);
        Response stale = server.http.patch(TEAMS + "/" + id, new JsonObject().put("name", "Billing US").put("version", 1), manager.accessToken());
        assertProblem(409, stale);
        assertTrue(stale.json().getString("type").endsWith("/stale-version"), stale::toString);

        JsonObject now = server.http.get(TEAMS + "/" + id, admin.accessToken()).json();
        assertEquals("Billing EU", now.getString("name"), "the stale write changed nothing");
        assertEquals(2, now.getInteger("version"));

        // a client that sends no version writes over whatever is there (last writer wins)
        Response withoutVersion = server.http.patch(TEAMS + "/" + id, new JsonObject().put("name", "Billing US"), admin.accessToken());
        assertEquals(200, withoutVersion.status(), withoutVersion::toString);
        assertEquals("Billing US", withoutVersion.json().getString("name"));
        assertEquals(3, withoutVersion.json().getInteger("version"));
    }

    @Test
    void validatesTheTeamName() {
        Account admin = server.register("Team Validation");
        for (JsonObject body : List.of(new JsonObject(), new JsonObject().put("name", "   "), new JsonObject().put("name", 42),
                new JsonObject().put("name", "x".repeat(101)))) {
            Response r = server.http.post(TEAMS, body, admin.accessToken());
            assertProblem(400, r);
            assertTrue(fields(r).contains("name"), () -> body + " -> " + r);
        }
        assertTrue(listedIds(admin).isEmpty(), "no invalid team was created");
        assertEquals(201, server.http.post(TEAMS, new JsonObject().put("name", "x".repeat(100)), admin.accessToken()).status());
    }

    @Test
    void addsListsAndRemovesMembers() throws Exception {
        Account admin = server.register("Team Members");
        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        String id = createTeam(admin, "Night Shift");
        String members = TEAMS + "/" + id + "/members/";

        assertEquals(204, server.http.put(members + agent.userId(), null, admin.accessToken()).status());
        assertEquals(204, server.http.put(members + viewer.userId(), null, admin.accessToken()).status());
        assertEquals(204, server.http.put(members + agent.userId(), null, admin.accessToken()).status(), "adding twice is harmless");

        Response list = server.http.get(TEAMS + "/" + id + "/members", admin.accessToken());
        assertEquals(200, list.status(), list::toString);
        assertEquals(List.of(agent.userId(), viewer.userId()).stream().sorted().toList(), memberIds(list).stream().sorted().toList());
        JsonObject agentEntry = list.items().stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("id").equals(agent.userId())).findFirst().orElseThrow();
        assertEquals(agent.email(), agentEntry.getString("email"));
        assertEquals("agent", agentEntry.getString("role"));
        assertNotNull(agentEntry.getString("addedAt"));
        assertNull(agentEntry.getValue("passwordHash"));
        assertEquals(2, server.http.get(TEAMS + "/" + id, admin.accessToken()).json().getInteger("memberCount"));

        assertEquals(204, server.http.delete(members + agent.userId(), admin.accessToken()).status());
        assertProblem(404, server.http.delete(members + agent.userId(), admin.accessToken()));
        assertEquals(List.of(viewer.userId()), memberIds(server.http.get(TEAMS + "/" + id + "/members", admin.accessToken())));
        assertProblem(404, server.http.put(members + UUID.randomUUID(), null, admin.accessToken()));

        assertEquals(List.of("team.created", "team.member_added", "team.member_added", "team.member_removed"),
                auditActions(admin.tenantId(), id), "adding an existing member again records nothing");

        assertEquals(204, server.http.delete(TEAMS + "/" + id, admin.accessToken()).status());
        assertEquals(0, memberRows(id), "deleting a team removes its memberships");
        assertProblem(404, server.http.get(TEAMS + "/" + id + "/members", admin.accessToken()));
    }

    @Test
    void agentsCannotChangeTeams() {
        Account admin = server.register("Agents Read Only");
        Account agent = server.invite(admin, "agent");
        String id = createTeam(admin, "Escalations");

        Response create = server.http.post(TEAMS, new JsonObject().put("name", "Agent Team"), agent.accessToken());
        assertProblem(403, create);
        assertProblem(403, server.http.patch(TEAMS + "/" + id, new JsonObject().put("name", "Mine").put("version", 1), agent.accessToken()));
        assertProblem(403, server.http.put(TEAMS + "/" + id + "/members/" + agent.userId(), null, agent.accessToken()));
        assertProblem(403, server.http.delete(TEAMS + "/" + id + "/members/" + agent.userId(), agent.accessToken()));
        assertProblem(403, server.http.delete(TEAMS + "/" + id, agent.accessToken()));

        assertEquals(List.of(id), listedIds(admin), "nothing was created or deleted");
        assertEquals("Escalations", server.http.get(TEAMS + "/" + id, admin.accessToken()).json().getString("name"));
        assertTrue(memberIds(server.http.get(TEAMS + "/" + id + "/members", admin.accessToken())).isEmpty());
        assertEquals(200, server.http.get(TEAMS + "/" + id, agent.accessToken()).status(), "agents read teams");
    }

    @Test
    void managersManageTeams() {
        Account admin = server.register("Managers Manage");
        Account manager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        Response created = server.http.post(TEAMS, new JsonObject().put("name", "Managed"), manager.accessToken());
        assertEquals(201, created.status(), created::toString);
        assertEquals(204, server.http.put(TEAMS + "/" + created.json().getString("id") + "/members/" + agent.userId(), null,
                manager.accessToken()).status());
    }

    @Test
    void viewersCanReadTeamsAndTheirMembers() {
        Account admin = server.register("Viewers Read");
        Account viewer = server.invite(admin, "viewer");
        String id = createTeam(admin, "Reception");
        assertEquals(204, server.http.put(TEAMS + "/" + id + "/members/" + viewer.userId(), null, admin.accessToken()).status());

        Response list = server.http.get(TEAMS, viewer.accessToken());
        assertEquals(200, list.status(), list::toString);
        assertEquals(List.of(id), ids(list));
        assertEquals(200, server.http.get(TEAMS + "/" + id, viewer.accessToken()).status());
        assertEquals(List.of(viewer.userId()), memberIds(server.http.get(TEAMS + "/" + id + "/members", viewer.accessToken())));
        assertProblem(403, server.http.post(TEAMS, new JsonObject().put("name", "Viewer Team"), viewer.accessToken()));
    }

    @Test
    void pagesThroughTeamsWithACursor() {
        Account admin = server.register("Many Teams");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createTeam(admin, "Team " + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = server.http.get(TEAMS + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin.accessToken());
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.items().size() <= 2);
            seen.addAll(ids(page));
            cursor = page.json().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(created.stream().sorted().toList(), seen, "every team exactly once, in id order");
        assertProblem(400, server.http.get(TEAMS + "?limit=101", admin.accessToken()));
        assertProblem(400, server.http.get(TEAMS + "?cursor=not-a-cursor", admin.accessToken()));
    }

    @Test
    void anotherOrganizationGets404ForATeam() throws Exception {
        Account owner = server.register("Team Owner");
        Account member = server.invite(owner, "agent");
        Account outsider = server.register("Team Outsider");
        Account outsiderAgent = server.invite(outsider, "agent");
        String id = createTeam(owner, "Private Team");
        assertEquals(204, server.http.put(TEAMS + "/" + id + "/members/" + member.userId(), null, owner.accessToken()).status());
        String unknown = UUID.randomUUID().toString();

        Response get = server.http.get(TEAMS + "/" + id, outsider.accessToken());
        assertProblem(404, get);
        assertEquals(server.http.get(TEAMS + "/" + unknown, outsider.accessToken()).json().getString("detail"), get.json().getString("detail"),
                "indistinguishable from a team that does not exist");
        assertProblem(404, server.http.patch(TEAMS + "/" + id, new JsonObject().put("name", "Ours").put("version", 1), outsider.accessToken()));
        assertProblem(404, server.http.get(TEAMS + "/" + id + "/members", outsider.accessToken()));
        assertProblem(404, server.http.put(TEAMS + "/" + id + "/members/" + outsiderAgent.userId(), null, outsider.accessToken()));
        assertProblem(404, server.http.delete(TEAMS + "/" + id + "/members/" + member.userId(), outsider.accessToken()));
        assertProblem(404, server.http.delete(TEAMS + "/" + id, outsider.accessToken()));
        assertFalse(listedIds(outsider).contains(id));

        JsonObject team = server.http.get(TEAMS + "/" + id, owner.accessToken()).json();
        assertEquals("Private Team", team.getString("name"));
        assertEquals(1, team.getInteger("version"));
        assertEquals(List.of(member.userId()), memberIds(server.http.get(TEAMS + "/" + id + "/members", owner.accessToken())));
        assertEquals(1, memberRows(id));
    }

    private static String createTeam(Account admin, String name) {
        Response r = server.http.post(TEAMS, new JsonObject().put("name", name), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static List<String> listedIds(Account caller) {
        Response r = server.http.get(TEAMS + "?limit=100", caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return ids(r);
    }

    private static List<String> ids(Response list) {
        return list.items().stream().map(item -> ((JsonObject) item).getString("id")).toList();
    }

    private static List<String> memberIds(Response list) {
        assertEquals(200, list.status(), list::toString);
        return ids(list);
    }

    private static List<String> fields(Response problem) {
        JsonArray errors = problem.json().getJsonArray("errors", new JsonArray());
        return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
    }

    private static void assertProblem(int status, Response r) {
        assertEquals(status, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertEquals(status, r.json().getInteger("status"));
        assertNotNull(r.json().getString("correlationId"));
    }

    private static List<String> auditActions(String tenantId, String teamId) throws Exception {
        List<String> actions = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT action FROM audit_log WHERE tenant_id = ?::uuid AND entity_type = 'team' "
                     + "AND entity_id = ?::uuid ORDER BY at, id")) {
            st.setString(1, tenantId);
            st.setString(2, teamId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }

    private static int memberRows(String teamId) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM team_members WHERE team_id = ?::uuid")) {
            st.setString(1, teamId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
