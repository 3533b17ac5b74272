package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Abuse limits on the public auth endpoints, at the production defaults: login 10/min per IP and email, register 5/min per IP. */
class RateLimitTest {

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of(
                "SWITCHBOARD_LIMITS_LOGIN_PER_MINUTE", "10",
                "SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE", "5"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theEleventhLoginForOneEmailWithinAMinuteIsRefusedWithRetryAfter() {
        Account target = server.register("Brute Force Target");
        for (int attempt = 1; attempt <= 10; attempt++) {
            Response wrong = login(target.email(), "wrong password " + attempt);
            assertEquals(401, wrong.status(), "attempt " + attempt + ": " + wrong);
        }

        Response limited = login(target.email().toUpperCase(), Account.PASSWORD);
        assertRateLimited(limited);
    }

    @Test
    void anotherEmailFromTheSameAddressIsNotLimitedByThatEmail() {
        Account target = server.register("Limited Email Co");
        Account bystander = server.register("Bystander Co");
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertEquals(401, login(target.email(), "wrong password " + attempt).status());
        }
        assertRateLimited(login(target.email(), Account.PASSWORD));

        Response other = login(bystander.email(), Account.PASSWORD);
        assertEquals(200, other.status(), other::toString);
    }

    @Test
    void theSixthRegistrationFromOneAddressWithinAMinuteIsRefusedWithRetryAfter() {
        for (int i = 1; i <= 5; i++) {
            Response created = register("Registration Burst " + i);
            assertEquals(201, created.status(), "registration " + i + ": " + created);
        }

        Response limited = register("Registration Burst 6");
        assertRateLimited(limited);
    }

    private Response login(String email, String password) {
        return server.http.post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", password), null);
    }

    private Response register(String organizationName) {
        return server.http.post("/api/v1/auth/register", new JsonObject()
                .put("organizationName", organizationName)
                .put("email", "burst-" + UUID.randomUUID() + "@example.test")
                .put("password", Account.PASSWORD)
                .put("fullName", organizationName + " Admin"), null);
    }

    private static void assertRateLimited(Response response) {
        assertEquals(429, response.status(), response::toString);
        assertEquals("application/problem+json", response.contentType());
        assertEquals(429, response.json().getInteger("status"));
        assertEquals(response.header("X-Request-Id"), response.json().getString("correlationId"));
        String retryAfter = response.header("Retry-After");
        assertNotNull(retryAfter, "Retry-After header");
        assertTrue(retryAfter.matches("[1-9][0-9]*"), () -> "Retry-After is a positive number of seconds: " + retryAfter);
        assertTrue(Long.parseLong(retryAfter) <= 60, () -> "Retry-After within the one-minute window: " + retryAfter);
    }
}
