package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.TestServer;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant inbound hooks end to end: Standard Webhooks verification on the raw bytes, every rejection,
 * one stored event and one {@code webhook.received} per event id however often it arrives (recorded with the
 * delivery as it is stored), and, when recording fails, a delivery stored all the same whose processing is retried,
 * dead-lettered, and applied once by a replay after the fix.
 */
class TenantHookIngestionTest {

    private static final String HOOKS = "/api/v1/inbound-webhooks";
    private static final String INBOX = "/api/v1/webhook-inbox";
    private static final MutableClock clock = MutableClock.atNow();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), clock);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSignedEventIsStoredAnsweredAndEmittedAsWebhookReceived() {
        Account admin = server.register("Hook Receive");
        Hook hook = createHook(admin);
        assertTrue(hook.secret().startsWith("whsec_"));
        Response shown = server.http.get(HOOKS + "/" + hook.id(), admin.accessToken());
        assertEquals(200, shown.status(), shown::toString);
        assertFalse(shown.json().containsKey("secret"), "the secret is shown only once");

        String eventId = "msg_" + UUID.randomUUID();
        String body = "{\"order\": 17,  \"note\": \"caf\u00e9\"}";
        Response r = deliver(hook, eventId, body, hook.secret());
        assertEquals(202, r.status(), r::toString);

        JsonObject event = onlyEvent(admin, eventId);
        assertEquals("processed", event.getString("status"), "processed by the statement that stored it, before the answer");
        assertEquals(1, event.getInteger("attempts"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid"
                + " AND action = 'webhook.received' AND entity_id = ?::uuid", admin.tenantId(), event.getString("id")));
        assertEquals("tenant", event.getString("provider"));
        assertEquals(hook.id(), event.getString("hookId"));
        Response inspected = server.http.get(INBOX + "/" + event.getString("id"), admin.accessToken());
        assertEquals(200, inspected.status(), inspected::toString);
        assertEquals(body, inspected.json().getString("body"), "the raw body, byte for byte");
        assertEquals(eventId, inspected.json().getJsonObject("headers").getString("webhook-id"));

        List<JsonObject> emitted = webhookReceived(admin.tenantId(), event.getString("id"));
        assertEquals(1, emitted.size());
        assertEquals("system", emitted.get(0).getString("actorType"));
        JsonObject payload = emitted.get(0).getJsonObject("payload");
        assertEquals(17, payload.getJsonObject("payload").getInteger("order"));
        assertEquals(eventId, payload.getJsonObject("after").getString("webhookId"));
    }

    @Test
    void aSvixSenderIsAcceptedUnderItsOwnHeaderNames() {
        Account admin = server.register("Hook Svix");
        Hook hook = createHook(admin);
        String eventId = "msg_" + UUID.randomUUID();
        String body = "{\"from\": \"svix\"}";
        long ts = clock.instant().getEpochSecond();
        String signature = WebhookSignature.sign(hook.secret(), eventId, ts, body);
        Response accepted = server.http.send(HttpMethod.POST, hook.path(), null, Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)),
                Map.of("svix-id", eventId, "svix-timestamp", Long.toString(ts), "svix-signature", signature));
        assertEquals(202, accepted.status(), accepted::toString);
        awaitStatus(admin, eventId, "processed");

        String forged = "msg_" + UUID.randomUUID();
        Response refused = server.http.send(HttpMethod.POST, hook.path(), null, Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)),
                Map.of("svix-id", forged, "svix-timestamp", Long.toString(ts), "svix-signature", signature));
        assertEquals(401, refused.status(), "the svix names are verified the same way");
    }

    @Test
    void aRotatedSecretMayStillSignAlongsideTheCurrentOne() {
        Account admin = server.register("Hook Rotation");
        Hook hook = createHook(admin);
        String eventId = "msg_" + UUID.randomUUID();
        String body = "{\"rotated\": true}";
        long ts = clock.instant().getEpochSecond();
        String old = WebhookSignature.sign(WebhookSignature.newSecret(), eventId, ts, body);
        String current = WebhookSignature.sign(hook.secret(), eventId, ts, body);
        assertEquals(202, send(hook, eventId, ts, old + " " + current, body).status());
        assertEquals(401, send(hook, "msg_" + UUID.randomUUID(), ts, old, body).status());
        awaitStatus(admin, eventId, "processed");
    }

    @Test
    void everyRejectionIsAnsweredWithoutEchoingTheInputAndStoresNothing() {
        Account admin = server.register("Hook Rejections");
        Hook hook = createHook(admin);
        String body = "{\"secretish\": \"ECHO-CANARY\"}";
        long now = clock.instant().getEpochSecond();
        String id = "msg_ECHO-CANARY";

        Map<String, Response> answers = new HashMap<>();
        answers.put("wrong secret", send(hook, id, now, WebhookSignature.sign(WebhookSignature.newSecret(), id, now, body), body));
        answers.put("tampered body", send(hook, id, now, WebhookSignature.sign(hook.secret(), id, now, body), body.replace("ECHO", "ECHO ")));
        answers.put("6 minutes old", send(hook, id, now - 360, WebhookSignature.sign(hook.secret(), id, now - 360, body), body));
        answers.put("6 minutes ahead", send(hook, id, now + 360, WebhookSignature.sign(hook.secret(), id, now + 360, body), body));
        answers.put("garbage signature", send(hook, id, now, "v1,ECHO-CANARY", body));
        for (Map.Entry<String, Response> answer : answers.entrySet()) {
            assertEquals(401, answer.getValue().status(), answer.getKey());
            assertFalse(answer.getValue().body().toString().contains("ECHO-CANARY"), answer.getKey() + " echoes the input");
        }

        Map<String, String> noSignature = Map.of("webhook-id", id, "webhook-timestamp", Long.toString(now));
        assertEquals(400, server.http.send(HttpMethod.POST, hook.path(), null, Buffer.buffer(body), noSignature).status());
        assertEquals(400, server.http.send(HttpMethod.POST, hook.path(), null, Buffer.buffer(body), Map.of()).status());
        Map<String, String> badTimestamp = Map.of("webhook-id", id, "webhook-timestamp", "ECHO-CANARY", "webhook-signature", "v1,x");
        Response malformedTimestamp = server.http.send(HttpMethod.POST, hook.path(), null, Buffer.buffer(body), badTimestamp);
        assertEquals(400, malformedTimestamp.status());
        assertFalse(malformedTimestamp.body().toString().contains("ECHO-CANARY"));
        String notJson = "ECHO-CANARY is not json";
        Response malformed = send(hook, id, now, WebhookSignature.sign(hook.secret(), id, now, notJson), notJson);
        assertEquals(400, malformed.status(), "a correctly signed body that is not JSON is malformed");
        assertFalse(malformed.body().toString().contains("ECHO-CANARY"));

        for (String unstorable : List.of("{\"a\": \"ECHO-CANARY\\u0000\"}", "{\"a\": [\"ECHO-CANARY\\ud800\"]}", "{\"a\\u0000\": 1}")) {
            Response refused = send(hook, id, now, WebhookSignature.sign(hook.secret(), id, now, unstorable), unstorable);
            assertEquals(400, refused.status(), "a signed body no database can store is malformed, not parked later: " + unstorable);
            assertFalse(refused.body().toString().contains("ECHO-CANARY"));
        }

        String big = "{\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}";
        assertEquals(413, send(hook, id, now, WebhookSignature.sign(hook.secret(), id, now, big), big).status());

        Hook unknownHook = new Hook(UUID.randomUUID().toString(), hook.slug(), hook.secret());
        assertEquals(404, send(unknownHook, id, now, WebhookSignature.sign(hook.secret(), id, now, body), body).status());
        Hook unknownOrg = new Hook(hook.id(), "no-such-org-" + UUID.randomUUID().toString().substring(0, 8), hook.secret());
        assertEquals(404, send(unknownOrg, id, now, WebhookSignature.sign(hook.secret(), id, now, body), body).status());
        for (String slug : List.of("a%00b", "%FF%FE", "x".repeat(2_000))) {
            Hook malformedSlug = new Hook(hook.id(), slug, hook.secret());
            assertEquals(404, send(malformedSlug, id, now, WebhookSignature.sign(hook.secret(), id, now, body), body).status(), slug);
        }
        Response disabled = server.http.patch(HOOKS + "/" + hook.id(), new JsonObject().put("enabled", false).put("version", 1),
                admin.accessToken());
        assertEquals(200, disabled.status(), disabled::toString);
        assertEquals(404, send(hook, id, now, WebhookSignature.sign(hook.secret(), id, now, body), body).status());

        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid", admin.tenantId()));
    }

    @Test
    void theSameEventTenTimesFiveOfThemConcurrentlyHasOneEffect() throws Exception {
        Account admin = server.register("Hook Duplicates");
        Hook hook = createHook(admin);
        String eventId = "msg_" + UUID.randomUUID();
        String body = "{\"dup\": 1}";
        for (int i = 0; i < 5; i++) {
            assertEquals(202, deliver(hook, eventId, body, hook.secret()).status());
        }
        long ts = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of("webhook-id", eventId, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", WebhookSignature.sign(hook.secret(), eventId, ts, body));
        List<CompletableFuture<Response>> concurrent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            concurrent.add(server.http.sendAsync(HttpMethod.POST, hook.path(), null, Buffer.buffer(body), headers));
        }
        for (CompletableFuture<Response> answer : concurrent) {
            assertEquals(202, answer.get().status());
        }
        awaitStatus(admin, eventId, "processed");
        JsonObject event = onlyEvent(admin, eventId);
        Thread.sleep(300);
        assertEquals(1, webhookReceived(admin.tenantId(), event.getString("id")).size());
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND kind = ?",
                admin.tenantId(), ProcessInboxHandler.KIND), "processing reads the event log: no job per delivery");
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid"
                        + " AND (payload->>'inboxId' = ? OR payload->>'entityId' = ?)", admin.tenantId(), event.getString("id"),
                event.getString("id")), "one log entry for the stored delivery: its webhook.received, recorded as it was stored");
        Response replay = server.http.post(INBOX + "/" + event.getString("id") + "/replay", new JsonObject(), admin.accessToken());
        assertEquals(409, replay.status(), "a processed event is never processed twice");
    }

    @Test
    void aFailingEventIsRetriedThenDeadAndItsReplayAfterTheFixAppliesOnce() throws Exception {
        Account admin = server.register("Hook Failure");
        Hook hook = createHook(admin);
        String trigger = failProcessing(admin);
        String eventId = "msg_" + UUID.randomUUID();
        try {
            assertEquals(202, deliver(hook, eventId, "{\"fails\": true}", hook.secret()).status());
            for (int attempt = 1; attempt < 5; attempt++) {
                int expected = attempt;
                await(() -> attempts(admin, eventId) >= expected, "attempt " + expected);
                clock.advance(Duration.ofHours(1));
            }
            awaitStatus(admin, eventId, "dead");
        } finally {
            removeFailure(trigger);
        }
        JsonObject dead = onlyEvent(admin, eventId);
        assertEquals(5, dead.getInteger("attempts"));
        assertTrue(dead.getString("lastError").contains("workflow store unavailable"), dead::toString);
        assertEquals(0, webhookReceived(admin.tenantId(), dead.getString("id")).size());

        Response replay = server.http.post(INBOX + "/" + dead.getString("id") + "/replay", new JsonObject(), admin.accessToken());
        assertEquals(200, replay.status(), replay::toString);
        assertEquals("received", replay.json().getString("status"));
        awaitStatus(admin, eventId, "processed");
        assertEquals(1, webhookReceived(admin.tenantId(), dead.getString("id")).size());
        assertEquals(202, deliver(hook, eventId, "{\"fails\": true}", hook.secret()).status(), "a late duplicate is accepted");
        Thread.sleep(300);
        assertEquals(1, webhookReceived(admin.tenantId(), dead.getString("id")).size(), "and changes nothing");
    }

    @Test
    void retryingTheParkedDeliveryAfterTheFixProcessesItOnce() throws Exception {
        Account admin = server.register("Hook Parked Retry");
        Hook hook = createHook(admin);
        String trigger = failProcessing(admin);
        String eventId = "msg_" + UUID.randomUUID();
        try {
            assertEquals(202, deliver(hook, eventId, "{\"parked\": true}", hook.secret()).status());
            awaitStatus(admin, eventId, "dead");
        } finally {
            removeFailure(trigger);
        }
        String inboxId = onlyEvent(admin, eventId).getString("id");
        JsonArray parked = server.http.get("/api/v1/events/parked?consumer=webhooks.inbound", admin.accessToken()).items();
        assertEquals(1, parked.size(), parked::encode);

        Response retried = server.http.post("/api/v1/events/parked/" + parked.getJsonObject(0).getString("id") + "/retry", null,
                admin.accessToken());
        assertEquals(200, retried.status(), retried::toString);
        assertEquals("applied", retried.json().getString("status"));
        assertEquals("processed", onlyEvent(admin, eventId).getString("status"), "the retry really processed it");
        assertEquals(1, webhookReceived(admin.tenantId(), inboxId).size());
        assertEquals(409, server.http.post(INBOX + "/" + inboxId + "/replay", new JsonObject(), admin.accessToken()).status(),
                "and it is never processed twice");
    }

    @Test
    void aFailureNoRetryCanFixParksTheDeliveryAtTheFirstAttempt() throws Exception {
        Account admin = server.register("Hook Permanent Failure");
        Hook hook = createHook(admin);
        // a data exception (SQLSTATE class 22): the same delivery meets it on every try
        String trigger = failProcessing(admin, "22023");
        String eventId = "msg_" + UUID.randomUUID();
        try {
            assertEquals(202, deliver(hook, eventId, "{\"never\": true}", hook.secret()).status());
            awaitStatus(admin, eventId, "dead");
        } finally {
            removeFailure(trigger);
        }
        JsonArray parked = server.http.get("/api/v1/events/parked?consumer=webhooks.inbound", admin.accessToken()).items();
        assertEquals(1, parked.size(), parked::encode);
        assertEquals(1, parked.getJsonObject(0).getInteger("attempts"), "parked at once, not after retries: " + parked.encode());
    }

    /** Makes processing of this organization's deliveries fail (its webhook.received event cannot be written); answers the trigger. */
    private static String failProcessing(Account admin) throws Exception {
        return failProcessing(admin, "P0001");
    }

    /** The same, failing with {@code sqlState}. */
    private static String failProcessing(Account admin, String sqlState) throws Exception {
        String trigger = "fail_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = TestDatabase.connect(server.db)) {
            c.createStatement().execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.type = 'webhook.received' AND NEW.tenant_id = '" + admin.tenantId() + "' THEN "
                    + "RAISE EXCEPTION 'workflow store unavailable' USING ERRCODE = '" + sqlState + "'; END IF; RETURN NEW; END $$");
            c.createStatement().execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION " + trigger + "()");
        }
        return trigger;
    }

    private static void removeFailure(String trigger) throws Exception {
        try (Connection c = TestDatabase.connect(server.db)) {
            c.createStatement().execute("DROP TRIGGER " + trigger + " ON outbox");
            c.createStatement().execute("DROP FUNCTION " + trigger + "()");
        }
    }

    @Test
    void anotherOrganizationSeesNoneOfTheHooksOrEventsAndOnlyManagersOfWebhooksMayLook() {
        Account admin = server.register("Hook Owner");
        Account other = server.register("Hook Other");
        Account agent = server.invite(admin, "agent");
        Hook hook = createHook(admin);
        String eventId = "msg_" + UUID.randomUUID();
        assertEquals(202, deliver(hook, eventId, "{\"mine\": 1}", hook.secret()).status());
        awaitStatus(admin, eventId, "processed");
        String inboxId = onlyEvent(admin, eventId).getString("id");

        assertEquals(404, server.http.get(INBOX + "/" + inboxId, other.accessToken()).status());
        assertEquals(404, server.http.post(INBOX + "/" + inboxId + "/replay", new JsonObject(), other.accessToken()).status());
        assertEquals(404, server.http.get(HOOKS + "/" + hook.id(), other.accessToken()).status());
        assertEquals(404, server.http.patch(HOOKS + "/" + hook.id(), new JsonObject().put("name", "x").put("version", 1),
                other.accessToken()).status());
        assertEquals(404, server.http.delete(HOOKS + "/" + hook.id(), other.accessToken()).status());
        assertTrue(server.http.get(INBOX, other.accessToken()).items().isEmpty());
        assertTrue(server.http.get(HOOKS, other.accessToken()).items().isEmpty());
        Hook viaOtherSlug = new Hook(hook.id(), slug(other), hook.secret());
        assertEquals(404, deliver(viaOtherSlug, "msg_" + UUID.randomUUID(), "{}", hook.secret()).status());

        assertEquals(403, server.http.get(INBOX, agent.accessToken()).status());
        assertEquals(403, server.http.get(HOOKS, agent.accessToken()).status());
        assertEquals(403, server.http.post(HOOKS, new JsonObject().put("name", "agent hook"), agent.accessToken()).status());
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM inbound_webhooks WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals("admin's hook", server.http.get(HOOKS + "/" + hook.id(), admin.accessToken()).json().getString("name"));
    }

    @Test
    void hookWritesAreAuditedWithoutTheSecret() {
        Account admin = server.register("Hook Audit");
        Hook hook = createHook(admin);
        List<JsonObject> events = outbox(admin.tenantId(), "inbound_webhook.created");
        assertEquals(1, events.size());
        JsonObject after = events.get(0).getJsonObject("payload").getJsonObject("after");
        assertEquals("admin's hook", after.getString("name"));
        assertFalse(events.get(0).encode().contains(hook.secret().substring(6)), "no secret in the event");
        assertEquals(400, server.http.post(HOOKS, new JsonObject().put("name", ""), admin.accessToken()).status());
        assertEquals(1, outbox(admin.tenantId(), "inbound_webhook.created").size());
    }

    private record Hook(String id, String slug, String secret) {
        String path() {
            return "/webhooks/in/" + slug + "/" + id;
        }
    }

    private static Hook createHook(Account admin) {
        Response r = server.http.post(HOOKS, new JsonObject().put("name", "admin's hook"), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return new Hook(r.json().getString("id"), slug(admin), r.json().getString("secret"));
    }

    private static String slug(Account account) {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement s = c.prepareStatement("SELECT slug FROM organizations WHERE id = ?::uuid")) {
            s.setString(1, account.tenantId());
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response deliver(Hook hook, String eventId, String body, String secret) {
        long ts = clock.instant().getEpochSecond();
        return send(hook, eventId, ts, WebhookSignature.sign(secret, eventId, ts, body), body);
    }

    private static Response send(Hook hook, String eventId, long ts, String signature, String body) {
        return server.http.send(HttpMethod.POST, hook.path(), null, Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)),
                Map.of("webhook-id", eventId, "webhook-timestamp", Long.toString(ts), "webhook-signature", signature));
    }

    private static JsonObject onlyEvent(Account admin, String eventId) {
        List<JsonObject> found = new ArrayList<>();
        server.http.get(INBOX + "?limit=100", admin.accessToken()).items().forEach(o -> {
            if (eventId.equals(((JsonObject) o).getString("eventId"))) {
                found.add((JsonObject) o);
            }
        });
        assertEquals(1, found.size(), found::toString);
        return found.get(0);
    }

    private static String status(Account admin, String eventId) {
        return TestDatabaseText.query(server, "SELECT status FROM webhook_inbox WHERE tenant_id = ?::uuid AND event_id = ?",
                admin.tenantId(), eventId);
    }

    private static long attempts(Account admin, String eventId) {
        return TestDatabase.queryLong(server.db, "SELECT coalesce(max(attempts), 0) FROM webhook_inbox WHERE tenant_id = ?::uuid "
                + "AND event_id = ?", admin.tenantId(), eventId);
    }

    private static void awaitStatus(Account admin, String eventId, String status) {
        await(() -> status.equals(status(admin, eventId)), "event " + eventId + " " + status);
    }

    private static void await(BooleanSupplier condition, String what) {
        Eventually.await(condition, Duration.ofSeconds(20), what);
    }

    private static List<JsonObject> webhookReceived(String tenantId, String inboxId) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject e : outbox(tenantId, "webhook.received")) {
            if (inboxId.equals(e.getJsonObject("payload").getString("entityId"))) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<JsonObject> outbox(String tenantId, String type) {
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement s = c.prepareStatement(
                     "SELECT actor_type, payload::text FROM outbox WHERE tenant_id = ?::uuid AND type = ? ORDER BY seq")) {
            s.setString(1, tenantId);
            s.setString(2, type);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new JsonObject().put("actorType", rs.getString(1)).put("payload", new JsonObject(rs.getString(2))));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** One text value read with the superuser connection, or null. */
    private static final class TestDatabaseText {
        static String query(TestServer server, String sql, Object... params) {
            try (Connection c = TestDatabase.connect(server.db); PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
