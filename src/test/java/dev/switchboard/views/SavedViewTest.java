package dev.switchboard.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/saved-views}: private, team and organization views; who reads, who edits; validation; events. */
class SavedViewTest {

    private static final String VIEWS = "/api/v1/saved-views";

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
    void listsMyViewsAndThoseSharedWithMyTeamOrTheOrganization() {
        Account admin = server.register("Views Sharing");
        Account agent = server.invite(admin, "agent");
        Account colleague = server.invite(admin, "agent");
        Account outsider = server.invite(admin, "agent");
        String team = server.http.post("/api/v1/teams", new JsonObject().put("name", "Sales"), admin.accessToken()).json().getString("id");
        for (Account member : List.of(agent, colleague)) {
            assertEquals(204, server.http.put("/api/v1/teams/" + team + "/members/" + member.userId(), new JsonObject(),
                    admin.accessToken()).status());
        }
        Account agentFresh = relogin(agent);
        String mine = create(agentFresh, view("Mine", "private", null)).getString("id");
        String teamView = create(agentFresh, view("Ours", "team", team)).getString("id");
        String orgView = create(agentFresh, view("Everyone's", "org", null)
                .put("filters", new JsonObject().put("status", new JsonArray().add("open").add("pending")).put("q", "acme"))
                .put("sort", "-createdAt")).getString("id");
        JsonObject read = server.http.get(VIEWS + "/" + orgView, agentFresh.accessToken()).json();
        assertEquals("acme", read.getJsonObject("filters").getString("q"));
        assertEquals("-createdAt", read.getString("sort"));

        assertEquals(Set.of(mine, teamView, orgView), ids(agentFresh, ""));
        assertEquals(Set.of(teamView, orgView), ids(relogin(colleague), ""));
        assertEquals(Set.of(orgView), ids(outsider, ""));
        assertEquals(Set.of(), ids(agentFresh, "?resourceType=tasks"));
        assertEquals(404, server.http.get(VIEWS + "/" + mine, outsider.accessToken()).status(), "a private view is not shown");
        assertEquals(404, server.http.get(VIEWS + "/" + teamView, outsider.accessToken()).status(), "nor a team's to others");
        Account stranger = server.register("Views Elsewhere");
        assertEquals(404, server.http.get(VIEWS + "/" + orgView, stranger.accessToken()).status(), "nor to another organization");
        assertEquals(Set.of(), ids(stranger, ""));
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesAView() {
        Account admin = server.register("Views Editing");
        Account owner = server.invite(admin, "agent");
        Account other = server.invite(admin, "manager");
        JsonObject created = create(owner, view("Open cases", "org", null));
        String id = created.getString("id");

        Response refused = server.http.patch(VIEWS + "/" + id, new JsonObject().put("name", "Hijacked"), other.accessToken());
        assertEquals(403, refused.status(), refused::toString);
        assertEquals(403, server.http.delete(VIEWS + "/" + id, other.accessToken()).status());

        Response renamed = server.http.patch(VIEWS + "/" + id, new JsonObject().put("name", "My open cases").put("version", 1),
                owner.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("My open cases", renamed.json().getString("name"));
        assertEquals("org", renamed.json().getString("visibility"), "fields not sent keep their value");
        assertEquals(409, server.http.patch(VIEWS + "/" + id, new JsonObject().put("name", "Stale").put("version", 1),
                owner.accessToken()).status(), "a stale version is refused");

        Response byAdmin = server.http.patch(VIEWS + "/" + id, new JsonObject().put("visibility", "private"), admin.accessToken());
        assertEquals(200, byAdmin.status(), byAdmin::toString);
        assertEquals(404, server.http.get(VIEWS + "/" + id, other.accessToken()).status(), "private again");
        assertEquals(204, server.http.delete(VIEWS + "/" + id, owner.accessToken()).status());
        assertEquals(404, server.http.get(VIEWS + "/" + id, owner.accessToken()).status());
        assertEquals(List.of("saved_view.created", "saved_view.updated", "saved_view.updated", "saved_view.deleted"),
                server.events(id).stream().map(e -> e.getString("type")).toList());
    }

    @Test
    void refusesInvalidViewsListingEveryFieldAndForeignTeams() {
        Account admin = server.register("Views Validation");
        Account agent = server.invite(admin, "agent");
        Response bad = server.http.post(VIEWS, new JsonObject().put("name", "").put("resourceType", "planets")
                .put("visibility", "team").put("filters", new JsonObject().put("status", 3)), agent.accessToken());
        assertEquals(400, bad.status(), bad::toString);
        Set<String> fields = bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("name", "resourceType", "teamId", "filters.status"), fields);

        String team = server.http.post("/api/v1/teams", new JsonObject().put("name", "Not theirs"), admin.accessToken()).json().getString("id");
        Response notMember = server.http.post(VIEWS, view("Sneaky", "team", team), agent.accessToken());
        assertEquals(422, notMember.status(), notMember::toString);
        Account stranger = server.register("Views Stranger");
        Response foreignTeam = server.http.post(VIEWS, view("Foreign", "team", team), stranger.accessToken());
        assertEquals(422, foreignTeam.status(), "another organization's team: " + foreignTeam);
        assertTrue(ids(agent, "").isEmpty(), "nothing was saved");
    }

    private static JsonObject view(String name, String visibility, String teamId) {
        JsonObject body = new JsonObject().put("name", name).put("resourceType", "cases").put("visibility", visibility);
        return teamId == null ? body : body.put("teamId", teamId);
    }

    private static JsonObject create(Account who, JsonObject body) {
        Response r = server.http.post(VIEWS, body, who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static Set<String> ids(Account who, String query) {
        Response r = server.http.get(VIEWS + query, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("id")).collect(Collectors.toSet());
    }

    /** A fresh token, so team memberships granted after sign-in are in it. */
    private static Account relogin(Account a) {
        JsonObject login = server.http.post("/api/v1/auth/login", new JsonObject().put("email", a.email())
                .put("password", Account.PASSWORD), null).json();
        return new Account(a.email(), a.userId(), a.tenantId(), login.getString("accessToken"), login.getString("refreshToken"));
    }
}
