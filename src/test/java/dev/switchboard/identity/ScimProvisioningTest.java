package dev.switchboard.identity;

import static dev.switchboard.identity.ScimClient.member;
import static dev.switchboard.identity.ScimClient.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays request sequences shaped like Okta's and Microsoft Entra ID's provisioning against the real server, checking
 * every answer against the SCIM schemas, and what the group mappings do to roles, teams, sessions and the audit log.
 */
class ScimProvisioningTest {

    private static TestServer server;
    private static Account admin;
    private static ScimClient scim;
    private static String salesTeam;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Provisioned Clinic");
        scim = ScimClient.of(server, admin);
        salesTeam = server.http.post("/api/v1/teams", new JsonObject().put("name", "Sales"), admin.accessToken()).json().getString("id");
        Http.Response mapping = server.http.post("/api/v1/group-mappings", new JsonObject().put("groupName", "Managers")
                .put("role", "manager").put("teamIds", new JsonArray().add(salesTeam)), admin.accessToken());
        assertEquals(201, mapping.status(), mapping::toString);
        assertEquals(201, server.http.post("/api/v1/group-mappings", new JsonObject().put("groupName", "Agents").put("role", "agent"),
                admin.accessToken()).status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oktaCreatesAUserAndAGroupMappedToManagerAndTheUserBecomesAManagerInTheMappedTeam() {
        String email = "okta-" + UUID.randomUUID() + "@clinic.test";
        assertEquals(0, scim.get("/Users?filter=" + q("userName eq \"" + email + "\"") + "&startIndex=1&count=100").json().getInteger("totalResults"));
        Http.Response created = scim.post("/Users", new JsonObject()
                .put("schemas", new JsonArray().add("urn:ietf:params:scim:schemas:core:2.0:User"))
                .put("userName", email).put("name", new JsonObject().put("givenName", "Olga").put("familyName", "Okta"))
                .put("emails", new JsonArray().add(new JsonObject().put("primary", true).put("value", email).put("type", "work")))
                .put("displayName", "Olga Okta").put("locale", "en-US").put("externalId", "00u" + UUID.randomUUID()).put("active", true)
                .put("password", "ignored-by-the-service"));
        assertEquals(201, created.status(), created::toString);
        String userId = created.json().getString("id");
        assertEquals("W/\"1\"", created.header("ETag"));
        assertTrue(created.header("Location").endsWith("/scim/v2/Users/" + userId));
        assertEquals("viewer", role(userId), "a provisioned user starts with the organization's provisioned role");

        Http.Response found = scim.get("/Users?filter=" + q("userName eq \"" + email.toUpperCase() + "\""));
        assertEquals(1, found.json().getInteger("totalResults"));
        assertEquals(userId, found.json().getJsonArray("Resources").getJsonObject(0).getString("id"));

        Http.Response group = scim.post("/Groups", new JsonObject().put("schemas", new JsonArray().add("urn:ietf:params:scim:schemas:core:2.0:Group"))
                .put("displayName", "managers").put("members", new JsonArray()));
        assertEquals(201, group.status(), group::toString);
        String groupId = group.json().getString("id");
        Http.Response added = scim.patch("/Groups/" + groupId, new JsonArray().add(op("add", "members", member(userId))));
        assertEquals(200, added.status(), added::toString);
        assertEquals("manager", role(userId), "the group name matches its mapping case-insensitively");
        assertTrue(teamMembers(salesTeam).contains(userId), "the mapping's team was joined");
        assertEquals("managers", scim.get("/Users/" + userId).json().getJsonArray("groups").getJsonObject(0).getString("display"));

        Http.Response removed = scim.patch("/Groups/" + groupId, new JsonArray().add(op("remove", "members[value eq \"" + userId + "\"]", null)));
        assertEquals(200, removed.status(), removed::toString);
        assertEquals("viewer", role(userId), "leaving the group demotes");
        assertFalse(teamMembers(salesTeam).contains(userId), "and leaves the mapped team");

        Http.Response deactivated = scim.patch("/Users/" + userId, new JsonArray().add(op("replace", null, new JsonObject().put("active", false))));
        assertEquals(200, deactivated.status(), deactivated::toString);
        assertFalse(deactivated.json().getBoolean("active"));
    }

    @Test
    void entraIdLinksAnExistingUserAddsThemToGroupsAndDeactivatingEndsTheirSessionAtOnce() {
        Account agent = server.invite(admin, "agent");
        assertEquals(200, server.http.get("/api/v1/auth/me", agent.accessToken()).status());
        Http.Response found = scim.get("/Users?filter=" + q("userName eq \"" + agent.email() + "\""));
        assertEquals(1, found.json().getInteger("totalResults"), found::toString);
        String userId = found.json().getJsonArray("Resources").getJsonObject(0).getString("id");
        assertEquals(agent.userId(), userId);
        String externalId = UUID.randomUUID().toString();
        Http.Response linked = scim.patch("/Users/" + userId, new JsonArray()
                .add(op("Replace", "externalId", externalId))
                .add(op("Replace", "name.givenName", "Erin"))
                .add(op("Replace", "name.familyName", "Entra"))
                .add(op("Add", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Sales")));
        assertEquals(200, linked.status(), linked::toString);
        assertEquals("Erin Entra", linked.json().getString("displayName"));
        assertEquals(1, scim.get("/Users?filter=" + q("externalId eq \"" + externalId + "\"")).json().getInteger("totalResults"));

        String groupId = scim.post("/Groups", new JsonObject().put("displayName", "Agents").put("externalId", UUID.randomUUID().toString()))
                .json().getString("id");
        Http.Response entraGroups = scim.get("/Groups?filter=" + q("displayName eq \"Agents\"") + "&excludedAttributes=members");
        assertEquals(1, entraGroups.json().getInteger("totalResults"));
        assertFalse(entraGroups.json().getJsonArray("Resources").getJsonObject(0).containsKey("members"));
        assertEquals(200, scim.patch("/Groups/" + groupId, new JsonArray().add(op("Add", "members", member(userId)))).status());
        assertEquals("agent", role(userId));
        assertEquals(200, scim.patch("/Groups/" + groupId, new JsonArray().add(op("Remove", "members", member(userId)))).status());
        assertEquals("viewer", role(userId), "an agent in no mapped group gets the provisioned role");
        JsonArray permissions = server.http.get("/api/v1/auth/me", agent.accessToken()).json().getJsonArray("permissions");
        assertFalse(permissions.contains("cases.write"), "the demotion applies to the very next request: " + permissions);

        Http.Response off = scim.patch("/Users/" + userId, new JsonArray().add(op("Replace", "active", "False")));
        assertEquals(200, off.status(), off::toString);
        assertFalse(off.json().getBoolean("active"));
        assertEquals(401, server.http.get("/api/v1/auth/me", agent.accessToken()).status(), "the access token stops at once");
        assertEquals(401, server.http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", agent.refreshToken()), null).status());
        JsonArray audit = server.http.get("/api/v1/audit-log?entityId=" + userId + "&limit=100", admin.accessToken()).items();
        assertTrue(audit.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("action").equals("user.role_changed")
                && "scim".equals(e.getString("actorType"))), () -> "role changes audited with the SCIM actor: " + audit);
        assertTrue(audit.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("action").equals("user.deactivated")
                && "scim".equals(e.getString("actorType"))), audit::toString);
    }

    @Test
    void theHighestMappedRoleWinsAndRenamingAGroupReappliesItsMapping() {
        String floor = "Floor-" + UUID.randomUUID();
        assertEquals(201, server.http.post("/api/v1/group-mappings", new JsonObject().put("groupName", floor).put("role", "agent"),
                admin.accessToken()).status());
        String userId = createUser();
        String managers = scim.post("/Groups", new JsonObject().put("displayName", "Managers-" + UUID.randomUUID())).json().getString("id");
        String agents = scim.post("/Groups", new JsonObject().put("displayName", "Agents-" + UUID.randomUUID()).put("members", member(userId)))
                .json().getString("id");
        assertEquals("viewer", role(userId), "no mapping names the group yet");
        String taken = "Taken-" + UUID.randomUUID();
        scim.post("/Groups", new JsonObject().put("displayName", taken));
        Http.Response clash = scim.patch("/Groups/" + agents, new JsonArray().add(op("replace", "displayName", taken.toUpperCase())));
        assertEquals(409, clash.status(), clash::toString);
        assertEquals("uniqueness", clash.json().getString("scimType"));
        Http.Response renamed = scim.patch("/Groups/" + agents, new JsonArray().add(op("replace", null,
                new JsonObject().put("id", agents).put("displayName", floor.toUpperCase()))));
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("agent", role(userId), "renamed to a mapped name, the group's mapping applies (Okta's shape)");
        Http.Response put = scim.put("/Groups/" + managers, new JsonObject().put("displayName", "Managers-" + UUID.randomUUID())
                .put("members", member(userId)));
        assertEquals(200, put.status(), put::toString);
        assertEquals("agent", role(userId));
        assertEquals(201, server.http.post("/api/v1/group-mappings", new JsonObject().put("groupName", put.json().getString("displayName"))
                .put("role", "manager"), admin.accessToken()).status());
        assertEquals("manager", role(userId), "a new mapping applies at once to the group's members, and the highest role wins");
        assertEquals(204, scim.delete("/Groups/" + managers).status());
        assertEquals("agent", role(userId), "a deleted group's mapping no longer applies");
    }

    @Test
    void pagingFiltersAndVersionsBehaveAsRfc7644Says() {
        for (int i = 0; i < 3; i++) {
            createUser();
        }
        JsonObject all = scim.get("/Users").json();
        int total = all.getInteger("totalResults");
        assertTrue(total >= 4);
        JsonObject second = scim.get("/Users?startIndex=2&count=2").json();
        assertEquals(total, second.getInteger("totalResults"));
        assertEquals(2, second.getInteger("startIndex"));
        assertEquals(2, second.getJsonArray("Resources").size());
        assertEquals(all.getJsonArray("Resources").getJsonObject(1).getString("id"), second.getJsonArray("Resources").getJsonObject(0).getString("id"));
        assertEquals(0, scim.get("/Users?count=0").json().getJsonArray("Resources").size());

        String userId = createUser();
        Http.Response stale = scim.send(HttpMethod.PATCH, "/Users/" + userId, new JsonObject().put("Operations",
                new JsonArray().add(op("replace", "displayName", "New Name"))), Map.of("If-Match", "W/\"7\""));
        assertEquals(412, stale.status(), stale::toString);
        Http.Response current = scim.send(HttpMethod.PATCH, "/Users/" + userId, new JsonObject().put("Operations",
                new JsonArray().add(op("replace", "displayName", "New Name"))), Map.of("If-Match", "W/\"1\""));
        assertEquals(200, current.status(), current::toString);
        assertNotEquals("W/\"1\"", current.header("ETag"));

        assertEquals("invalidFilter", scim.get("/Users?filter=" + q("userName sw \"a\"")).json().getString("scimType"));
        assertEquals("invalidFilter", scim.get("/Users?filter=" + q("title eq \"x\"")).json().getString("scimType"));
        assertEquals(0, scim.get("/Users?filter=" + q("id eq \"not-an-id\"")).json().getInteger("totalResults"));
        Http.Response badPatch = scim.patch("/Users/" + userId, new JsonArray().add(op("Move", "active", true)));
        assertEquals(400, badPatch.status());
        assertEquals("invalidSyntax", badPatch.json().getString("scimType"));
        Http.Response badBool = scim.patch("/Users/" + userId, new JsonArray().add(op("replace", "active", "maybe")));
        assertEquals("invalidValue", badBool.json().getString("scimType"));
        Http.Response taken = scim.post("/Users", new JsonObject().put("userName", admin.email()));
        assertEquals(409, taken.status());
        assertEquals("uniqueness", taken.json().getString("scimType"));
        Http.Response notJson = server.http.send(HttpMethod.POST, "/scim/v2/Users", scim.token, io.vertx.core.buffer.Buffer.buffer("{nope"),
                Map.of("Content-Type", "application/scim+json"));
        assertEquals(400, notJson.status());
        assertEquals(404, scim.get("/Users/" + UUID.randomUUID()).status());
        assertEquals(404, scim.get("/Users/not-a-uuid").status());
        Http.Response noToken = server.http.send(HttpMethod.GET, "/scim/v2/Users", null, null, Map.of());
        assertEquals(401, noToken.status());
        assertEquals("401", noToken.json().getString("status"));
        assertEquals(401, server.http.send(HttpMethod.GET, "/scim/v2/Users", admin.accessToken(), null, Map.of()).status(),
                "a user's access token is no SCIM token");
    }

    @Test
    void deleteDeactivatesAndDiscoveryDescribesTheService() {
        String userId = createUser();
        assertEquals(204, scim.delete("/Users/" + userId).status());
        assertFalse(scim.get("/Users/" + userId).json().getBoolean("active"), "DELETE deactivates; the user is kept");
        JsonObject config = scim.get("/ServiceProviderConfig").json();
        assertTrue(config.getJsonObject("patch").getBoolean("supported"));
        assertTrue(config.getJsonObject("etag").getBoolean("supported"));
        assertEquals(2, scim.get("/ResourceTypes").json().getInteger("totalResults"));
        assertEquals("/Users", scim.get("/ResourceTypes").json().getJsonArray("Resources").getJsonObject(0).getString("endpoint"));
        assertEquals(2, scim.get("/Schemas").json().getInteger("totalResults"));
    }

    @Test
    void anotherOrganizationsTokenSeesNothingAndChangesNothing() {
        String userId = createUser();
        String groupId = scim.post("/Groups", new JsonObject().put("displayName", "Private-" + UUID.randomUUID()).put("members", member(userId)))
                .json().getString("id");
        Account other = server.register("Other Clinic");
        ScimClient theirs = ScimClient.of(server, other);
        String email = scim.get("/Users/" + userId).json().getString("userName");
        JsonObject theirUsers = theirs.get("/Users").json();
        assertEquals(1, theirUsers.getInteger("totalResults"), "only their own admin: " + theirUsers);
        assertFalse(theirUsers.encode().contains(userId));
        assertEquals(0, theirs.get("/Groups").json().getInteger("totalResults"));
        assertEquals(0, theirs.get("/Users?filter=" + q("userName eq \"" + email + "\"")).json().getInteger("totalResults"));
        assertEquals(404, theirs.get("/Users/" + userId).status());
        assertEquals(404, theirs.get("/Groups/" + groupId).status());
        assertEquals(404, theirs.patch("/Users/" + userId, new JsonArray().add(op("replace", "active", false))).status());
        assertEquals(404, theirs.put("/Users/" + userId, new JsonObject().put("userName", email)).status());
        assertEquals(404, theirs.delete("/Users/" + userId).status());
        assertEquals(404, theirs.patch("/Groups/" + groupId, new JsonArray().add(op("remove", "members", null))).status());
        assertEquals(404, theirs.delete("/Groups/" + groupId).status());
        Http.Response foreignMember = theirs.post("/Groups", new JsonObject().put("displayName", "Steal").put("members", member(userId)));
        assertEquals(400, foreignMember.status(), "another organization's user is no user at all: " + foreignMember);
        assertTrue(scim.get("/Users/" + userId).json().getBoolean("active"));
        assertEquals(1, scim.get("/Groups/" + groupId).json().getJsonArray("members").size());
    }

    @Test
    void anInvitedUserThatTheIdentityProviderPutsInAMappedGroupGetsItsRole() {
        String name = "Leads-" + UUID.randomUUID();
        assertEquals(201, server.http.post("/api/v1/group-mappings", new JsonObject().put("groupName", name).put("role", "manager"),
                admin.accessToken()).status());
        Account agent = server.invite(admin, "agent");
        Http.Response group = scim.post("/Groups", new JsonObject().put("displayName", name).put("members", member(agent.userId())));
        assertEquals(201, group.status(), group::toString);
        assertEquals("manager", role(agent.userId()));
        assertTrue(server.http.get("/api/v1/auth/me", agent.accessToken()).json().getJsonArray("permissions").contains("audit.read"));
    }

    @Test
    void provisioningNeitherDemotesNorDeactivatesTheLastActiveAdmin() {
        Account owner = server.register("Lone Admin Clinic");
        ScimClient theirs = ScimClient.of(server, owner);
        Http.Response linked = theirs.patch("/Users/" + owner.userId(), new JsonArray().add(op("replace", "externalId", "00u-owner")));
        assertEquals(200, linked.status(), linked::toString);
        assertEquals("admin", linked.json().getJsonArray("roles").getJsonObject(0).getString("value"),
                "linked to the identity provider in no mapped group, the only admin stays admin");
        Http.Response off = theirs.patch("/Users/" + owner.userId(), new JsonArray().add(op("replace", "active", false)));
        assertEquals(409, off.status(), off::toString);
        assertEquals("mutability", off.json().getString("scimType"));
        assertEquals(409, theirs.delete("/Users/" + owner.userId()).status());
        assertEquals(200, server.http.get("/api/v1/auth/me", owner.accessToken()).status());
    }

    @Test
    void revokedAndRotatedTokensStopAtOnce() {
        Http.Response created = server.http.post("/api/v1/scim-tokens", new JsonObject().put("name", "Rotating"), admin.accessToken());
        String id = created.json().getString("id");
        ScimClient first = new ScimClient(server, created.json().getString("token"));
        assertEquals(200, first.get("/Users").status());
        Http.Response rotated = server.http.post("/api/v1/scim-tokens/" + id + "/rotate", null, admin.accessToken());
        assertEquals(201, rotated.status(), rotated::toString);
        assertEquals(401, first.get("/Users").status());
        ScimClient second = new ScimClient(server, rotated.json().getString("token"));
        assertEquals(200, second.get("/Users").status());
        assertEquals(204, server.http.delete("/api/v1/scim-tokens/" + rotated.json().getString("id"), admin.accessToken()).status());
        assertEquals(401, second.get("/Users").status());
        Account agent = server.invite(admin, "agent");
        assertEquals(403, server.http.post("/api/v1/scim-tokens", new JsonObject().put("name", "Mine"), agent.accessToken()).status());
        JsonArray listed = server.http.get("/api/v1/scim-tokens", admin.accessToken()).items();
        assertFalse(listed.encode().contains(rotated.json().getString("token")), "a token's secret is shown once");
    }

    private static String createUser() {
        String email = "u-" + UUID.randomUUID() + "@clinic.test";
        Http.Response r = scim.post("/Users", new JsonObject().put("userName", email).put("externalId", UUID.randomUUID().toString()));
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static String role(String userId) {
        return server.http.get("/api/v1/users/" + userId, admin.accessToken()).json().getString("role");
    }

    private static String teamMembers(String teamId) {
        return server.http.get("/api/v1/teams/" + teamId + "/members", admin.accessToken()).body().toString();
    }

    private static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
}
