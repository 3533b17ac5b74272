package dev.switchboard.webhooks.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound webhooks end to end: domain events reach subscribed endpoints signed per Standard Webhooks,
 * failures follow the Svix schedule (time compressed by a test clock), persistent failure disables the
 * endpoint, and no organization's events reach another's endpoint.
 */
class OutboundWebhookTest {

    private static final String ENDPOINTS = "/api/v1/webhook-endpoints";
    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    private static final MutableClock clock = MutableClock.atNow();
    private static Receiver receiver;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver(clock);
        server = TestServer.start(Map.of("SWITCHBOARD_WEBHOOKS_TIMEOUT", "300ms"), clock);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        receiver.close();
    }

    @Test
    void aFailingThenTimingOutEndpointIsRetriedOnScheduleAndEveryAttemptIsSigned() throws Exception {
        Account admin = server.register("Hook Schedule");
        String path = "/schedule-" + UUID.randomUUID();
        receiver.script(path, 500, 0, 200);
        JsonObject endpoint = createEndpoint(admin, path, "team.created");
        String secret = endpoint.getString("secret");
        assertTrue(secret.startsWith("whsec_"));
        String teamId = createTeam(admin);
        Instant first = clock.instant();

        awaitJob(endpoint, "queued", 1);
        assertEquals(first.plus(SCHEDULE.get(0)), runAt(endpoint), "second attempt 5 s later");
        clock.advance(SCHEDULE.get(0));
        awaitJob(endpoint, "queued", 2);
        assertEquals(first.plus(SCHEDULE.get(0)).plus(SCHEDULE.get(1)), runAt(endpoint), "third attempt 5 min after the second");
        clock.advance(SCHEDULE.get(1));
        awaitJob(endpoint, "succeeded", 3);

        List<Receiver.Received> got = receiver.at(path);
        assertEquals(3, got.size());
        String eventId = got.get(0).header("webhook-id");
        for (Receiver.Received r : got) {
            assertEquals(eventId, r.header("webhook-id"), "one message id across retries");
            assertEquals(Long.toString(r.at().getEpochSecond()), r.header("webhook-timestamp"));
            assertEquals(expectedSignature(secret, eventId, r.header("webhook-timestamp"), r.body()), r.header("webhook-signature"));
            JsonObject body = new JsonObject(r.body());
            assertEquals("team.created", body.getString("type"));
            assertEquals(teamId, body.getJsonObject("data").getString("entityId"));
        }
        assertEquals(List.of(first, first.plus(SCHEDULE.get(0)), first.plus(SCHEDULE.get(0)).plus(SCHEDULE.get(1))),
                got.stream().map(Receiver.Received::at).toList());

        JsonArray deliveries = server.http.get(ENDPOINTS + "/" + endpoint.getString("id") + "/deliveries?sort=createdAt",
                admin.accessToken()).items();
        assertEquals(3, deliveries.size());
        JsonArray newestFirst = server.http.get(ENDPOINTS + "/" + endpoint.getString("id") + "/deliveries", admin.accessToken()).items();
        assertEquals(List.of(3, 2, 1), newestFirst.stream().map(d -> ((JsonObject) d).getInteger("attempt")).toList(), "newest first by default");
        JsonObject failed = deliveries.getJsonObject(0);
        JsonObject timedOut = deliveries.getJsonObject(1);
        JsonObject delivered = deliveries.getJsonObject(2);
        assertEquals(List.of(1, 2, 3), deliveries.stream().map(d -> ((JsonObject) d).getInteger("attempt")).toList());
        assertEquals(500, failed.getInteger("statusCode"));
        assertFalse(failed.getBoolean("succeeded"));
        assertNull(timedOut.getInteger("statusCode"));
        assertNotNull(timedOut.getString("error"));
        assertTrue(timedOut.getInteger("durationMs") >= 250, timedOut::toString);
        assertEquals(200, delivered.getInteger("statusCode"));
        assertTrue(delivered.getBoolean("succeeded"));
        assertEquals(eventId, delivered.getString("eventId"));
    }

    @Test
    void anEndpointThatKeepsFailingIsDisabledAfterTheLastScheduledAttempt() throws Exception {
        Account admin = server.register("Hook Disable");
        String path = "/down-" + UUID.randomUUID();
        receiver.always(path, 503);
        JsonObject endpoint = createEndpoint(admin, path, "team.created");
        createTeam(admin);

        for (int attempt = 1; attempt <= SCHEDULE.size(); attempt++) {
            awaitJob(endpoint, "queued", attempt);
            assertEquals(clock.instant().plus(SCHEDULE.get(attempt - 1)), runAt(endpoint), "wait after attempt " + attempt);
            clock.advance(SCHEDULE.get(attempt - 1));
        }
        awaitJob(endpoint, "dead", 8);
        assertEquals(8, receiver.at(path).size());

        String id = endpoint.getString("id");
        JsonObject disabled = server.http.get(ENDPOINTS + "/" + id, admin.accessToken()).json();
        assertFalse(disabled.getBoolean("enabled"));
        assertTrue(disabled.getString("disabledReason").contains("8 failed attempts"), disabled::toString);
        assertEquals(8, server.http.get(ENDPOINTS + "/" + id + "/deliveries", admin.accessToken()).items().size());
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT tenant_id::text, payload FROM outbox WHERE type = 'webhook_endpoint.disabled' "
                     + "AND payload->>'entityId' = ?")) {
            st.setString(1, id);
            ResultSet rs = st.executeQuery();
            assertTrue(rs.next(), "webhook_endpoint.disabled event written");
            assertEquals(admin.tenantId(), rs.getString(1));
            JsonObject payload = new JsonObject(rs.getString(2));
            assertFalse(payload.getJsonObject("after").getBoolean("enabled"));
            assertFalse(rs.getString(2).contains("whsec_"), "never the secret");
        }
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'webhook_endpoint.disabled' AND entity_id = '" + id + "'"));

        createTeam(admin);
        Thread.sleep(300);
        assertEquals(8, receiver.at(path).size(), "a disabled endpoint gets nothing more");
    }

    @Test
    void eventsOfOneOrganizationNeverReachAnotherOrganizationsEndpoint() throws Exception {
        Account a = server.register("Hook Tenant A");
        Account b = server.register("Hook Tenant B");
        String pathA = "/a-" + UUID.randomUUID();
        String pathB = "/b-" + UUID.randomUUID();
        JsonObject endpointA = createEndpoint(a, pathA, "*");
        createEndpoint(b, pathB, "*");
        String teamA = createTeam(a);
        String teamB = createTeam(b);

        waitUntil(() -> receiver.at(pathA).stream().anyMatch(r -> r.body().contains(teamA))
                && receiver.at(pathB).stream().anyMatch(r -> r.body().contains(teamB)));
        Thread.sleep(300);
        List<String> eventsOfA = eventIds(a.tenantId());
        for (Receiver.Received r : receiver.at(pathB)) {
            assertFalse(eventsOfA.contains(r.header("webhook-id")), "B received A's event " + r.body());
            assertFalse(r.body().contains(a.tenantId()) || r.body().contains(teamA), r.body());
        }
        assertTrue(receiver.at(pathA).stream().allMatch(r -> eventsOfA.contains(r.header("webhook-id"))));

        String id = endpointA.getString("id");
        assertEquals(404, server.http.get(ENDPOINTS + "/" + id, b.accessToken()).status());
        assertEquals(404, server.http.get(ENDPOINTS + "/" + id + "/deliveries", b.accessToken()).status());
        assertEquals(404, server.http.patch(ENDPOINTS + "/" + id, new JsonObject().put("url", receiver.url("/x"))
                .put("eventTypes", new JsonArray().add("*")).put("version", 1), b.accessToken()).status());
        assertEquals(404, server.http.delete(ENDPOINTS + "/" + id, b.accessToken()).status());
        assertFalse(server.http.get(ENDPOINTS, b.accessToken()).body().toString().contains(id));
        assertEquals(200, server.http.get(ENDPOINTS + "/" + id, a.accessToken()).status());
    }

    @Test
    void aRedeliveredEventIsDeliveredOnce() throws Exception {
        Account admin = server.register("Hook Redelivery");
        String path = "/once-" + UUID.randomUUID();
        createEndpoint(admin, path, "case.created");
        EventEnvelope event = EventEnvelope.create(UUID.fromString(admin.tenantId()), Actor.SYSTEM, "redelivery", "case.created",
                new JsonObject().put("entityType", "case").put("entityId", UUID.randomUUID().toString()));
        Outbox outbox = new Outbox(server.app.vertx());
        new Db(server.app.pool()).inTenant(event.tenantId(), conn -> outbox.append(conn, event))
                .toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        TenantBus bus = server.app.bus();
        server.app.vertx().runOnContext(v -> {
            bus.publish(TenantBus.DOMAIN_EVENTS, event);
            bus.publish(TenantBus.DOMAIN_EVENTS, event);
        });

        waitUntil(() -> receiver.at(path).size() == 1);
        Thread.sleep(300);
        assertEquals(1, receiver.at(path).size());
        assertEquals(1, count("SELECT count(*) FROM jobs WHERE payload->>'eventId' = '" + event.id() + "'"));
        assertEquals(event.id().toString(), receiver.at(path).get(0).header("webhook-id"));
    }

    @Test
    void onlyAdminsManageEndpointsAndTheSecretIsShownOnce() {
        Account admin = server.register("Hook Roles");
        JsonObject endpoint = createEndpoint(admin, "/roles", "case.created");
        String id = endpoint.getString("id");
        JsonObject read = server.http.get(ENDPOINTS + "/" + id, admin.accessToken()).json();
        assertFalse(read.containsKey("secret"));
        assertFalse(server.http.get(ENDPOINTS, admin.accessToken()).body().toString().contains("whsec_"));

        for (String role : List.of("manager", "agent", "viewer", "customer")) {
            Account user = server.invite(admin, role);
            assertEquals(403, server.http.get(ENDPOINTS, user.accessToken()).status(), role);
            assertEquals(403, server.http.get(ENDPOINTS + "/" + id, user.accessToken()).status(), role);
            assertEquals(403, server.http.post(ENDPOINTS, new JsonObject().put("url", receiver.url("/x"))
                    .put("eventTypes", new JsonArray().add("*")), user.accessToken()).status(), role);
        }
        Response invalid = server.http.post(ENDPOINTS, new JsonObject().put("url", "ftp://example.test")
                .put("eventTypes", new JsonArray().add("Not An Event")), admin.accessToken());
        assertEquals(400, invalid.status());
        assertEquals(2, invalid.json().getJsonArray("errors").size(), invalid::toString);
    }

    private static JsonObject createEndpoint(Account admin, String path, String eventType) {
        Response r = server.http.post(ENDPOINTS, new JsonObject().put("url", receiver.url(path))
                .put("eventTypes", new JsonArray().add(eventType)), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static String createTeam(Account admin) {
        Response r = server.http.post("/api/v1/teams", new JsonObject().put("name", "Team " + UUID.randomUUID()), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static void awaitJob(JsonObject endpoint, String status, int attempts) throws InterruptedException {
        String sql = "SELECT count(*) FROM jobs WHERE kind = 'webhook.deliver' AND payload->>'endpointId' = '"
                + endpoint.getString("id") + "' AND status = '" + status + "' AND attempts = " + attempts;
        waitUntil(() -> count(sql) == 1);
    }

    private static Instant runAt(JsonObject endpoint) {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT run_at FROM jobs WHERE payload->>'endpointId' = ?")) {
            st.setString(1, endpoint.getString("id"));
            ResultSet rs = st.executeQuery();
            assertTrue(rs.next());
            return rs.getTimestamp(1).toInstant();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> eventIds(String tenantId) {
        List<String> ids = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT id::text FROM outbox WHERE tenant_id = ?::uuid")) {
            st.setString(1, tenantId);
            ResultSet rs = st.executeQuery();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
