package dev.switchboard.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request budget: token buckets per user (or API key) and per organization, with RateLimit headers and 429. */
class RequestBudgetTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        // the server's defaults: 30 per minute per user, 1000 per minute per organization
        server = TestServer.start(Map.of("SWITCHBOARD_LIMITS_USER_REQUESTS", "30", "SWITCHBOARD_LIMITS_USER_WINDOW", "60s",
                "SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS", "1000", "SWITCHBOARD_LIMITS_ORGANIZATION_WINDOW", "60s",
                "SWITCHBOARD_LIMITS_MAX_REQUESTS_PER_SECOND", "100"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends requests until one is refused; answers the number let through and the refusal. */
    private static Refusal spend(String token, int atMost) {
        for (int i = 0; i < atMost; i++) {
            Response r = server.http.get("/api/v1/contacts", token);
            if (r.status() == 429) {
                return new Refusal(i, r);
            }
            assertEquals(200, r.status(), r::toString);
        }
        return new Refusal(atMost, null);
    }

    private record Refusal(int allowed, Response response) {
    }

    @Test
    void everyAnswerCarriesTheBudgetAndTheFirstRequestBeyondItGets429() {
        Account admin = server.register("Budget Org");
        Account colleague = server.invite(admin, "agent"); // the invite is the admin's first request
        Response second = server.http.get("/api/v1/contacts", admin.accessToken());
        assertEquals("\"user\";q=30;w=60, \"organization\";q=1000;w=60", second.header("RateLimit-Policy"));
        assertTrue(second.header("RateLimit").startsWith("\"user\";r=28;"), second.header("RateLimit"));

        Refusal refusal = spend(admin.accessToken(), 100);
        // a token comes back every 2 s; the loop may earn one or two while it runs
        assertTrue(refusal.allowed() >= 28 && refusal.allowed() <= 30, "let through " + refusal.allowed());
        Response limited = refusal.response();
        assertNotNull(limited, "the budget was never exhausted");
        assertEquals("application/problem+json", limited.contentType());
        assertEquals(429, limited.json().getInteger("status"));
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        assertTrue(limited.header("RateLimit").startsWith("\"user\";r=0;"), limited.header("RateLimit"));
        assertNotNull(limited.header("RateLimit-Policy"));

        assertEquals(200, server.http.get("/api/v1/contacts", colleague.accessToken()).status(), "each user has a budget of their own");
    }

    @Test
    void anOrganizationSetsItsOwnBudgetWithinTheServersCeiling() {
        Account admin = server.register("Tight Org");
        Account agent = server.invite(admin, "agent");
        Response tooMuch = server.http.patch("/api/v1/organization", new JsonObject().put("requestBudget",
                new JsonObject().put("userRequests", 1000).put("userWindowSeconds", 1)), admin.accessToken());
        assertEquals(400, tooMuch.status(), tooMuch::toString);
        assertEquals("requestBudget.userRequests", tooMuch.json().getJsonArray("errors").getJsonObject(0).getString("field"));

        Response set = server.http.patch("/api/v1/organization", new JsonObject().put("requestBudget",
                new JsonObject().put("userRequests", 100).put("organizationRequests", 12).put("organizationWindowSeconds", 3600)),
                admin.accessToken());
        assertEquals(200, set.status(), set::toString);
        JsonObject effective = set.json().getJsonObject("effectiveRequestBudget");
        assertEquals(100, effective.getInteger("userRequests"));
        assertEquals(60, effective.getInteger("userWindowSeconds"), "unset fields keep the server's default");

        // the organization's twelve requests an hour, shared by its users
        int admins = spend(admin.accessToken(), 8).allowed();
        Refusal agents = spend(agent.accessToken(), 20);
        assertEquals(8, admins);
        assertEquals(4, agents.allowed(), "the agent gets what is left of the organization's budget");
        assertTrue(agents.response().json().getString("detail").contains("organization"), agents.response()::toString);
        assertTrue(Long.parseLong(agents.response().header("Retry-After")) >= 250, "one request an hour comes back every 300 s");

        Account neighbour = server.register("Neighbour Of Tight Org");
        assertEquals(200, server.http.get("/api/v1/contacts", neighbour.accessToken()).status(), "other organizations are unaffected");
    }

    @Test
    void anApiKeySpendsABudgetOfItsOwn() {
        Account admin = server.register("Key Budget Org");
        Response key = server.http.post("/api/v1/api-keys", new JsonObject().put("name", "Importer")
                .put("permissions", new JsonArray().add("contacts.read_all")), admin.accessToken());
        assertEquals(201, key.status(), key::toString);
        Refusal refusal = spend(key.json().getString("key"), 100);
        assertTrue(refusal.allowed() >= 30 && refusal.allowed() <= 31, "let through " + refusal.allowed());
        assertEquals(200, server.http.get("/api/v1/contacts", admin.accessToken()).status(), "its creator's budget is untouched");
    }
}
