package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A change to who someone is reaches their open sockets at once, not when a cache expires: the access cache TTL
 * here is an hour, so only the change itself can close or re-scope a socket within the second the tests allow.
 */
class RevocationTest {

    private static TestServer server;
    private static Vertx clients;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_REALTIME_ACCESS_CACHE_TTL", "1h"));
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        WsClient.await(clients.close());
        server.close();
    }

    @Test
    void loggingOutClosesThatSessionsSocketsOnlyWithinASecond() {
        Account admin = server.register("Logout Socket");
        String otherSession = RealtimeEvents.login(server, admin);
        try (WsClient ended = welcomed(admin.accessToken()); WsClient other = welcomed(otherSession)) {
            long started = System.nanoTime();
            assertEquals(204, server.http.post("/api/v1/auth/logout", new JsonObject(), admin.accessToken()).status());
            assertEquals(CloseCodes.AUTH_FAILED, ended.awaitClose(5));
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "closed within a second");
            // the other session keeps its socket and its events
            other.subscribe("org");
            Account stillSignedIn = new Account(admin.email(), admin.userId(), admin.tenantId(), otherSession, null);
            RealtimeEvents.createTeam(server, stillSignedIn, "After Logout");
            other.await(f -> "event".equals(f.getString("type")) && "team.created".equals(f.getString("eventType")), 10);
            assertFalse(other.socket().isClosed());
        }
    }

    @Test
    void loggingOutEverywhereClosesEverySocketOfTheUser() {
        Account admin = server.register("Logout Everywhere");
        String second = RealtimeEvents.login(server, admin);
        try (WsClient a = welcomed(admin.accessToken()); WsClient b = welcomed(second)) {
            assertEquals(204, server.http.post("/api/v1/auth/logout", new JsonObject().put("allSessions", true),
                    admin.accessToken()).status());
            assertEquals(CloseCodes.AUTH_FAILED, a.awaitClose(1));
            assertEquals(CloseCodes.AUTH_FAILED, b.awaitClose(1));
        }
    }

    @Test
    void deactivationClosesTheUsersSocketsWithinASecond() {
        Account admin = server.register("Deactivate Socket");
        Account agent = server.invite(admin, "agent");
        try (WsClient socket = welcomed(agent.accessToken())) {
            long started = System.nanoTime();
            Http.Response r = server.http.post("/api/v1/users/" + agent.userId() + "/deactivate", new JsonObject(),
                    admin.accessToken());
            assertEquals(200, r.status(), r::toString);
            assertEquals(CloseCodes.AUTH_FAILED, socket.awaitClose(5));
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "closed within a second");
        }
    }

    @Test
    void deactivationThroughScimClosesTheUsersSocketsWithinASecond() {
        Account admin = server.register("SCIM Socket");
        Account agent = server.invite(admin, "agent");
        String token = server.http.post("/api/v1/scim-tokens", new JsonObject().put("name", "IdP"), admin.accessToken())
                .json().getString("token");
        try (WsClient socket = welcomed(agent.accessToken())) {
            long started = System.nanoTime();
            JsonObject patch = new JsonObject().put("schemas", new JsonArray().add("urn:ietf:params:scim:api:messages:2.0:PatchOp"))
                    .put("Operations", new JsonArray().add(new JsonObject().put("op", "Replace").put("path", "active").put("value", "False")));
            Http.Response r = server.http.send(io.vertx.core.http.HttpMethod.PATCH, "/scim/v2/Users/" + agent.userId(), token,
                    patch.toBuffer(), Map.of("Content-Type", "application/scim+json"));
            assertEquals(200, r.status(), r::toString);
            assertEquals(CloseCodes.AUTH_FAILED, socket.awaitClose(5));
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "closed within a second");
        }
    }

    @Test
    void aRevokedPermissionLeavesItsChannelAndStopsItsEventsAtOnce() {
        Account admin = server.register("Rescope Socket");
        Account agent = server.invite(admin, "agent");
        try (WsClient socket = welcomed(agent.accessToken()).subscribe("presence").subscribe("org")) {
            RealtimeEvents.createTeam(server, admin, "Visible");
            socket.await(f -> "event".equals(f.getString("type")) && "team.created".equals(f.getString("eventType")), 10);

            long started = System.nanoTime();
            Http.Response r = server.http.put("/api/v1/users/" + agent.userId() + "/permissions",
                    new JsonObject().put("grants", new JsonArray()).put("revocations", new JsonArray().add("users.read")),
                    admin.accessToken());
            assertEquals(200, r.status(), r::toString);
            JsonObject left = socket.await(f -> "unsubscribed".equals(f.getString("type")), 5);
            assertEquals("presence", left.getString("channel"));
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "re-scoped within a second");
            assertFalse(socket.socket().isClosed(), "the session itself is still valid");

            // team events need users.read: no longer delivered, while a record the agent may read still is
            RealtimeEvents.createTeam(server, admin, "Hidden");
            socket.assertNone(f -> "event".equals(f.getString("type")) && "team.created".equals(f.getString("eventType")), 1500);
        }
    }

    private static WsClient welcomed(String token) {
        return WsClient.welcomed(clients, server.port, token);
    }
}
