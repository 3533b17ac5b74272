package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.Idempotency;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour every endpoint shares: idempotent POST, optimistic concurrency, the OpenAPI document, events. */
class ApiConventionsTest {

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
    void replaysTheFirstResponseToARepeatedIdempotencyKey() {
        Account admin = server.register("Idempotent Co");
        String key = UUID.randomUUID().toString();
        Response first = postTeam(admin, "Intake", key);
        Response retry = postTeam(admin, "Intake", key);

        assertEquals(201, first.status(), first::toString);
        assertEquals(201, retry.status(), retry::toString);
        assertEquals(first.json(), retry.json());
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(1, server.http.get("/api/v1/teams", admin.accessToken()).items().size(), "created once");
    }

    @Test
    void refusesAnIdempotencyKeyReusedForADifferentRequest() {
        Account admin = server.register("Key Reuse Co");
        String key = UUID.randomUUID().toString();
        assertEquals(201, postTeam(admin, "Support", key).status());
        Response other = postTeam(admin, "Sales", key);
        assertEquals(422, other.status(), other::toString);
        assertEquals(1, server.http.get("/api/v1/teams", admin.accessToken()).items().size());
    }

    @Test
    void keepsIdempotencyKeysPerUser() {
        Account admin = server.register("Two Users Co");
        Account manager = server.invite(admin, "manager");
        String key = UUID.randomUUID().toString();
        assertEquals(201, postTeam(admin, "North", key).status());
        Response theirs = postTeam(manager, "South", key);
        assertEquals(201, theirs.status(), theirs::toString);
        assertEquals("South", theirs.json().getString("name"));
    }

    @Test
    void replaysAClientErrorButNotAServerDecisionTakenLater() {
        Account admin = server.register("Replayed Errors Co");
        String key = UUID.randomUUID().toString();
        Response invalid = server.http.send(HttpMethod.POST, "/api/v1/teams", admin.accessToken(),
                new JsonObject().put("name", "").toBuffer(), Map.of(Idempotency.HEADER, key));
        Response again = server.http.send(HttpMethod.POST, "/api/v1/teams", admin.accessToken(),
                new JsonObject().put("name", "").toBuffer(), Map.of(Idempotency.HEADER, key));
        assertEquals(400, invalid.status());
        assertEquals(400, again.status());
        assertEquals("true", again.header("Idempotent-Replayed"));
    }

    @Test
    void answersAStaleIfMatchWith412AndAFreshOneWithTheUpdate() {
        Account admin = server.register("Versions Co");
        String id = postTeam(admin, "Billing", null).json().getString("id");
        Response read = server.http.get("/api/v1/teams/" + id, admin.accessToken());
        assertEquals("\"1\"", read.header("ETag"));

        Response stale = server.http.send(HttpMethod.PATCH, "/api/v1/teams/" + id, admin.accessToken(),
                new JsonObject().put("name", "Invoices").toBuffer(), Map.of("If-Match", "\"0\""));
        assertEquals(412, stale.status(), stale::toString);

        Response fresh = server.http.send(HttpMethod.PATCH, "/api/v1/teams/" + id, admin.accessToken(),
                new JsonObject().put("name", "Invoices").toBuffer(), Map.of("If-Match", read.header("ETag")));
        assertEquals(200, fresh.status(), fresh::toString);
        assertEquals(2, fresh.json().getInteger("version"));
        assertEquals("\"2\"", fresh.header("ETag"));
    }

    @Test
    void logoutEndsTheAccessTokenOfThatSessionToo() {
        Account admin = server.register("Logout Co");
        assertEquals(204, server.http.post("/api/v1/auth/logout", null, admin.accessToken()).status());
        Response after = server.http.get("/api/v1/auth/me", admin.accessToken());
        assertEquals(401, after.status(), after::toString);
    }

    @Test
    void portalCustomersCannotBrowseTheStaffDirectory() {
        Account admin = server.register("Portal Co");
        Account customer = server.invite(admin, "customer");
        assertEquals(403, server.http.get("/api/v1/teams", customer.accessToken()).status());
        assertEquals(403, server.http.get("/api/v1/users", customer.accessToken()).status());
    }

    @Test
    void publishesEachWriteAsATenantScopedEventWithItsRequestId() throws Exception {
        List<EventEnvelope> events = new CopyOnWriteArrayList<>();
        server.app.bus().consumer(TenantBus.DOMAIN_EVENTS, events::add).completion()
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Account admin = server.register("Events Co");
        Response created = postTeam(admin, "Dispatch", null);
        String teamId = created.json().getString("id");

        EventEnvelope event = awaitEvent(events, e -> "team.created".equals(e.type()) && teamId.equals(e.data().getString("entityId")));
        assertEquals(admin.tenantId(), event.tenantId().toString());
        assertEquals(admin.userId(), event.actor().id().toString());
        assertEquals(created.header("X-Request-Id"), event.correlationId());
        assertEquals("team", event.data().getString("entityType"));
        assertEquals("Dispatch", event.data().getJsonObject("after").getString("name"));
    }

    @Test
    void documentsEveryMountedRoute() {
        Router router = Router.router(server.app.vertx());
        server.app.endpoints().forEach(endpoint -> endpoint.addRoutes(router));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null) {
                continue;
            }
            // a former path that still answers is undocumented; its successor must be documented
            String successor = route.getMetadata(Endpoint.SUCCESSOR);
            String concrete = (successor == null ? path : successor).replaceAll(":[A-Za-z]+", UUID.randomUUID().toString());
            for (HttpMethod method : route.methods()) {
                checked++;
                if (server.openApi.operation(method, concrete) == null) {
                    missing.add(method + " " + path);
                }
            }
        }
        assertTrue(checked > 20, "found the routes (" + checked + ")");
        assertEquals(List.of(), missing, "routes missing from /api/v1/openapi.json");
    }

    private static Response postTeam(Account account, String name, String idempotencyKey) {
        return server.http.send(HttpMethod.POST, "/api/v1/teams", account.accessToken(),
                new JsonObject().put("name", name).toBuffer(),
                idempotencyKey == null ? Map.of() : Map.of(Idempotency.HEADER, idempotencyKey));
    }

    private static EventEnvelope awaitEvent(List<EventEnvelope> events, java.util.function.Predicate<EventEnvelope> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (EventEnvelope e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        assertNotNull(null, "event not published within 10 s; saw " + events.stream().map(EventEnvelope::type).toList());
        return null;
    }
}
