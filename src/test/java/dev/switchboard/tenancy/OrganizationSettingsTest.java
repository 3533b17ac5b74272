package dev.switchboard.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.SuperuserSql;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The organization settings API: rename, IANA time zone, language, sign-up by allowed domain, invite domains. */
class OrganizationSettingsTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response patch(Account who, JsonObject body) {
        return server.http.patch("/api/v1/organization", body, who.accessToken());
    }

    private static List<String> fields(Response problem) {
        return problem.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).collect(Collectors.toList());
    }

    @Test
    void anAdminRenamesTheOrganizationAndSetsItsTimeZoneAudited() {
        Account admin = server.register("Settings Org");
        Response before = server.http.get("/api/v1/organization", admin.accessToken());
        assertEquals(200, before.status(), before::toString);
        assertEquals("UTC", before.json().getString("timezone"));

        Response changed = patch(admin, new JsonObject().put("name", "Settings Org Renamed").put("timezone", "Pacific/Auckland")
                .put("defaultLanguage", "de-AT").put("version", before.json().getInteger("version")));
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("Settings Org Renamed", changed.json().getString("name"));
        assertEquals(before.json().getString("slug"), changed.json().getString("slug"), "the slug stays: webhook URLs name it");
        assertEquals("Pacific/Auckland", server.http.get("/api/v1/auth/me", admin.accessToken()).json()
                .getJsonObject("organization").getString("timezone"));
        Response stats = server.http.get("/api/v1/cases/stats", admin.accessToken());
        assertEquals("Pacific/Auckland", stats.json().getString("timezone"), "statistics count days in the organization's zone");

        Response stale = patch(admin, new JsonObject().put("name", "Lost update").put("version", before.json().getInteger("version")));
        assertEquals(409, stale.status(), stale::toString);
        try (SuperuserSql sql = new SuperuserSql(server.db)) {
            List<String[]> audit = sql.rows("SELECT before->>'timezone', after->>'timezone' FROM audit_log "
                    + "WHERE tenant_id = ?::uuid AND action = 'organization.updated'", admin.tenantId());
            assertEquals(1, audit.size());
            assertEquals("UTC", audit.get(0)[0]);
            assertEquals("Pacific/Auckland", audit.get(0)[1]);
        }
    }

    @Test
    void badSettingsAreRefusedFieldByFieldAndNothingIsStored() {
        Account admin = server.register("Strict Org");
        JsonObject before = server.http.get("/api/v1/organization", admin.accessToken()).json();
        Response bad = patch(admin, new JsonObject().put("timezone", "+02:00").put("defaultLanguage", "english!")
                .put("allowedEmailDomains", new JsonArray().add("not a domain"))
                .put("requestBudget", new JsonObject().put("userRequests", 5).put("perFortnight", 3)));
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(List.of("timezone", "defaultLanguage", "allowedEmailDomains", "requestBudget.perFortnight"), fields(bad));
        Response zero = patch(admin, new JsonObject().put("requestBudget", new JsonObject().put("userRequests", 0)));
        assertEquals(400, zero.status(), zero::toString);
        assertTrue(zero.json().getJsonArray("errors").getJsonObject(0).getString("field").contains("userRequests"), zero::toString);
        assertEquals(400, patch(admin, new JsonObject().put("timezone", "Mars/Olympus_Mons")).status());
        assertEquals(before, server.http.get("/api/v1/organization", admin.accessToken()).json());
        Response register = server.http.post("/api/v1/auth/register", new JsonObject().put("organizationName", "Zoneless")
                .put("timezone", "GMT+2").put("email", "z-" + UUID.randomUUID() + "@example.test").put("password", Account.PASSWORD)
                .put("fullName", "Zed"), null);
        assertEquals(400, register.status(), register::toString);
        assertEquals(List.of("timezone"), fields(register));
    }

    @Test
    void registrationTakesTheOrganizationsTimeZone() {
        Response r = server.http.post("/api/v1/auth/register", new JsonObject().put("organizationName", "Tokyo Office")
                .put("timezone", "Asia/Tokyo").put("email", "t-" + UUID.randomUUID() + "@example.test").put("password", Account.PASSWORD)
                .put("fullName", "Taro"), null);
        assertEquals(201, r.status(), r::toString);
        assertEquals("Asia/Tokyo", r.json().getJsonObject("organization").getString("timezone"));
    }

    @Test
    void onlyOrganizationManagersChangeSettingsAndPortalCustomersCannotReadThem() {
        Account admin = server.register("Guarded Org");
        Account manager = server.invite(admin, "manager");
        Account customer = server.invite(admin, "customer");
        assertEquals(200, server.http.get("/api/v1/organization", manager.accessToken()).status());
        assertEquals(403, patch(manager, new JsonObject().put("name", "Coup")).status());
        assertEquals(403, server.http.get("/api/v1/organization", customer.accessToken()).status());
        Account other = server.register("Neighbour Org");
        assertEquals(other.tenantId(), server.http.get("/api/v1/organization", other.accessToken()).json().getString("id"));
    }

    @Test
    void signUpOpensOnlyForTheAllowedDomainsWithTheChosenRole() {
        Account admin = server.register("Open Org");
        String slug = server.http.get("/api/v1/organization", admin.accessToken()).json().getString("slug");
        String domain = "open-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        Response closed = join(slug, "early@" + domain);
        assertEquals(403, closed.status(), "invite only by default: " + closed);

        Response noDomain = patch(admin, new JsonObject().put("selfRegistration", true));
        assertEquals(400, noDomain.status());
        assertEquals(List.of("selfRegistration"), fields(noDomain));

        Response opened = patch(admin, new JsonObject().put("selfRegistration", true).put("selfRegistrationRole", "viewer")
                .put("allowedEmailDomains", new JsonArray().add(domain.toUpperCase())));
        assertEquals(200, opened.status(), opened::toString);
        assertEquals(new JsonArray().add(domain), opened.json().getJsonArray("allowedEmailDomains"));
        Response joined = join(slug, "vera@" + domain);
        assertEquals(201, joined.status(), joined::toString);
        assertEquals(admin.tenantId(), joined.json().getJsonObject("organization").getString("id"));
        assertEquals("viewer", joined.json().getJsonObject("user").getString("role"));
        assertEquals(403, join(slug, "mallory@elsewhere.example").status(), "another domain");
        assertEquals(403, join("no-such-org-" + UUID.randomUUID().toString().substring(0, 8), "x@" + domain).status(),
                "an unknown slug answers like a closed organization");

        Response foreignInvite = server.http.post("/api/v1/invites", new JsonObject().put("email", "out@elsewhere.example")
                .put("role", "agent"), admin.accessToken());
        assertEquals(400, foreignInvite.status(), foreignInvite::toString);
        assertEquals(List.of("email"), fields(foreignInvite));
        assertEquals(201, server.http.post("/api/v1/invites", new JsonObject().put("email", "in@" + domain).put("role", "agent"),
                admin.accessToken()).status());
    }

    private static Response join(String slug, String email) {
        return server.http.post("/api/v1/auth/register", new JsonObject().put("organizationSlug", slug).put("email", email)
                .put("password", Account.PASSWORD).put("fullName", "Joiner"), null);
    }
}
