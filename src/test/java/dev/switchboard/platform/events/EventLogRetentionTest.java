package dev.switchboard.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention: events every consumer has passed are pruned once older than the retention, except an event parked
 * for a retry; the projections they fed stay, new events keep flowing, and stale idempotency keys go too.
 */
class EventLogRetentionTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_OUTBOX_RETENTION", "1s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void prunesPassedEventsPastTheRetentionButKeepsParkedOnesAndWhatTheyFed() throws Exception {
        Account admin = server.register("Retention Co");
        String caseId = server.createCase(admin);
        for (int i = 0; i < 3; i++) {
            assertEquals(201, server.http.post("/api/v1/tasks", new JsonObject().put("title", "old task " + i).put("caseId", caseId),
                    admin.accessToken()).status());
        }
        server.awaitEventsApplied();
        String parkedEvent = oldestEvent(admin);
        TestDatabase.update(server.db, """
                INSERT INTO parked_events (tenant_id, id, consumer, event_id, position, event_type, attempts, last_error)
                SELECT tenant_id, ?::uuid, 'timeline', id, position, type, 5, 'kept for a retry' FROM outbox WHERE id = ?::uuid""",
                UUID.randomUUID().toString(), parkedEvent);
        TestDatabase.update(server.db, """
                INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, created_at)
                VALUES (?::uuid, ?::uuid, 'stale-key', '\\x00', now() - interval '25 hours')""", admin.tenantId(), admin.userId());
        long before = events(admin);
        assertTrue(before >= 5, "the organization wrote events: " + before);

        // consumers with nothing to do for these events store their progress now and then; a later write nudges them
        Thread.sleep(5_500);
        assertEquals(201, server.http.post("/api/v1/tasks", new JsonObject().put("title", "nudge").put("caseId", caseId),
                admin.accessToken()).status());
        server.awaitEventsApplied();
        Eventually.await(() -> {
            server.app.vertx().eventBus().send("switchboard.events.prune", null);
            return events(admin) <= 2;
        }, Duration.ofSeconds(15), "old events pruned");

        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE id = ?::uuid", parkedEvent),
                "a parked event stays for its retry");
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM idempotency_keys WHERE key = 'stale-key'"));
        JsonObject timeline = server.http.get("/api/v1/timeline/case/" + caseId + "?limit=100", admin.accessToken()).json();
        assertEquals(4, timeline.getJsonArray("items").stream().filter(e -> ((JsonObject) e).getString("type").equals("task.created"))
                .count(), "the projection keeps what pruned events fed");

        assertEquals(201, server.http.post("/api/v1/tasks", new JsonObject().put("title", "after pruning").put("caseId", caseId),
                admin.accessToken()).status());
        Eventually.await(() -> server.http.get("/api/v1/timeline/case/" + caseId + "?limit=100", admin.accessToken()).items().stream()
                .anyMatch(e -> ((JsonObject) e).getString("summary").contains("after pruning")), Duration.ofSeconds(10),
                "new events still flow");
    }

    private static long events(Account admin) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid", admin.tenantId());
    }

    private static String oldestEvent(Account admin) throws Exception {
        try (var c = TestDatabase.connect(server.db);
             var st = c.prepareStatement("SELECT id FROM outbox WHERE tenant_id = ?::uuid ORDER BY position LIMIT 1")) {
            st.setString(1, admin.tenantId());
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
