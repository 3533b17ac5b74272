package dev.switchboard.tenancy;

import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request budget: at most a quota of requests in any span of its window, per user (or API key) and per
 * organization, with RateLimit headers and 429.
 */
class RequestBudgetTest {

    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static TestServer server;

    @BeforeAll
    static void start() {
        // the server's defaults: 30 per minute per user, 1000 per minute per organization
        server = TestServer.start(Map.of("SWITCHBOARD_LIMITS_USER_REQUESTS", "30", "SWITCHBOARD_LIMITS_USER_WINDOW", "60s",
                "SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS", "1000", "SWITCHBOARD_LIMITS_ORGANIZATION_WINDOW", "60s",
                "SWITCHBOARD_LIMITS_MAX_REQUESTS_PER_SECOND", "500"), clock);
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
        assertEquals(28, refusal.allowed(), "30 a minute, however the minute's requests are spaced");
        Response limited = refusal.response();
        assertNotNull(limited, "the budget was never exhausted");
        assertEquals("application/problem+json", limited.contentType());
        assertEquals(429, limited.json().getInteger("status"));
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 30 && retryAfter <= 62, "the first request stops counting a minute after it; Retry-After " + retryAfter);
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
        assertTrue(Long.parseLong(agents.response().header("Retry-After")) >= 3500, "the first request counts for an hour");

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
        assertEquals(30, refusal.allowed());
        assertEquals(200, server.http.get("/api/v1/contacts", admin.accessToken()).status(), "its creator's budget is untouched");
    }

    @Test
    void aBudgetOf200PerSecondRefusesThe201stRequestOfASecondEvenWhenSpreadAcrossIt() {
        Account admin = server.register("Per Second Org");
        Response set = server.http.patch("/api/v1/organization", new JsonObject().put("requestBudget", new JsonObject()
                .put("userRequests", 200).put("userWindowSeconds", 1)
                .put("organizationRequests", 20_000).put("organizationWindowSeconds", 60)), admin.accessToken());
        assertEquals(200, set.status(), set::toString);
        Instant now = clock.instant();
        clock.advance(Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(2))); // a fresh second

        // 200 requests 4.5 ms apart: a bucket refilling at 200/s would have earned 180 more by the 201st
        for (int i = 0; i < 200; i++) {
            Response r = server.http.get("/api/v1/auth/me", admin.accessToken());
            assertEquals(200, r.status(), () -> "request " + r);
            clock.advance(Duration.ofNanos(4_500_000));
        }
        Response limited = server.http.get("/api/v1/auth/me", admin.accessToken()); // 900 ms into the second
        assertProblem(429, limited);
        assertEquals("\"user\";q=200;w=1, \"organization\";q=20000;w=60", limited.header("RateLimit-Policy"));
        assertTrue(limited.header("RateLimit").matches("\"user\";r=0;t=1(,.*)?"), limited.header("RateLimit"));
        assertEquals("1", limited.header("Retry-After"), "the first request stops counting a second (and a slot) after it");

        // past the first slot's five requests, exactly those five come back
        clock.advance(Duration.ofMillis(120));
        Response later = server.http.get("/api/v1/auth/me", admin.accessToken());
        assertEquals(200, later.status(), later::toString);
        assertTrue(later.header("RateLimit").startsWith("\"user\";r=4;"), later.header("RateLimit"));
    }
}
