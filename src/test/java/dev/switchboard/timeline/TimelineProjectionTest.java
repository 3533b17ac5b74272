package dev.switchboard.timeline;

import static dev.switchboard.timeline.TimelineFixtures.hasSummary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The projection behind the timeline: redelivered events change nothing, and first pages are served from the cache. */
class TimelineProjectionTest {

    private static TestServer server;
    private static TimelineFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new TimelineFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void replayingAnEventTwiceLeavesTheSameProjection() throws Exception {
        Account admin = server.register("Timeline Replay");
        Account agent = server.invite(admin, "agent");
        String contact = fx.contact(agent);
        String note = fx.note(agent, "contact", contact, "first thoughts", "org");
        Response hidden = server.http.patch("/api/v1/notes/" + note, new JsonObject().put("visibility", "private").put("version", 1),
                agent.accessToken());
        assertEquals(200, hidden.status(), hidden::toString);
        fx.await(agent, "contact", contact, hasSummary("Note edited"));
        fx.await(admin, "contact", contact, items -> items.size() == 1);
        List<String> before = snapshot(admin.tenantId());

        EventEnvelope created = outboxEvent(admin.tenantId(), "note.created", note);
        for (int i = 0; i < 2; i++) {
            server.app.bus().publish(TenantBus.DOMAIN_EVENTS, created).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        // events are applied in arrival order: once this later one shows, the replays were handled
        fx.contact(admin);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (snapshot(admin.tenantId()).size() == before.size() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }

        List<String> after = snapshot(admin.tenantId());
        assertEquals(before.size() + 1, after.size(), "only the new contact's entry was added");
        assertTrue(after.containsAll(before), "the replayed note.created did not make the private note public again: " + after);
        assertEquals(1, fx.page(admin, "contact", contact, "").items().size(), "the admin still sees only the contact's creation");
    }

    @Test
    void aTaskOnNoRecordWritesNothingAndItsLaterMoveOntoACaseLandsThere() throws Exception {
        Account admin = server.register("Timeline Loose Tasks");
        String contact = fx.contact(admin);
        String kase = fx.caseFor(admin, contact, "Roof repair");
        Response loose = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Order ladders"), admin.accessToken());
        assertEquals(201, loose.status(), loose::toString);
        Response moved = server.http.patch("/api/v1/tasks/" + loose.json().getString("id"),
                new JsonObject().put("caseId", kase).put("version", 1), admin.accessToken());
        assertEquals(200, moved.status(), moved::toString);
        Response onCase = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Call the roofer").put("caseId", kase),
                admin.accessToken());
        assertEquals(201, onCase.status(), onCase::toString);

        JsonArray items = fx.await(admin, "case", kase,
                hasSummary("Task updated: Order ladders").and(hasSummary("Task created: Call the roofer")));
        assertFalse(TimelineFixtures.summaries(items).contains("Task created: Order ladders"), "created on no record: no entry");
        assertTrue(TimelineFixtures.summaries(fx.await(admin, "contact", contact, hasSummary("Task created: Call the roofer")))
                .contains("Task updated: Order ladders"), "rolled up to the case's contact too");
    }

    @Test
    void firstPagesComeFromTheCacheUntilAnEventTouchesTheRecord() throws Exception {
        Account admin = server.register("Timeline Cache");
        String contact = fx.contact(admin);
        fx.awaitSize(admin, "contact", contact, 1);
        // the announcement of the entry drops the page just after the projection committed, so let it pass
        Thread.sleep(200);
        fx.page(admin, "contact", contact, "limit=1"); // loads the cached page again
        double hits = metric("hit");
        double misses = metric("miss");

        fx.page(admin, "contact", contact, "");
        fx.page(admin, "contact", contact, "limit=5");
        assertEquals(hits + 2, metric("hit"), "both first pages were cut from the cached one");
        assertEquals(misses, metric("miss"));
        fx.page(admin, "contact", contact, "types=contact");
        assertEquals(hits + 2, metric("hit"), "filtered pages bypass the cache");

        fx.note(admin, "contact", contact, "invalidate", "org");
        fx.awaitSize(admin, "contact", contact, 2);
        assertTrue(metric("miss") > misses, "the note invalidated the cached page");
    }

    private static double metric(String result) {
        String body = server.http.get("/metrics", null).body().toString();
        Matcher m = Pattern.compile("switchboard_timeline_cache_total\\{[^}]*result=\"" + result + "\"[^}]*} ([0-9.E]+)").matcher(body);
        assertTrue(m.find(), "no timeline cache metric for " + result);
        return Double.parseDouble(m.group(1));
    }

    private static List<String> snapshot(String tenantId) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement s = c.prepareStatement("SELECT record_type, record_id, entry_id, at, type, summary, data::text, "
                     + "note_visibility, author_user_id FROM timeline_entries WHERE tenant_id = ?::uuid ORDER BY entry_id, record_id")) {
            s.setString(1, tenantId);
            List<String> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= 9; i++) {
                        row.append(r.getString(i)).append('|');
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }
    }

    private static EventEnvelope outboxEvent(String tenantId, String type, String entityId) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement s = c.prepareStatement("SELECT id, actor_type, actor_id, correlation_id, payload::text, occurred_at "
                     + "FROM outbox WHERE tenant_id = ?::uuid AND type = ? AND payload->>'entityId' = ?")) {
            s.setString(1, tenantId);
            s.setString(2, type);
            s.setString(3, entityId);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "no " + type + " event for " + entityId);
                String actorId = r.getString(3);
                return new EventEnvelope(UUID.fromString(r.getString(1)), 0, UUID.fromString(tenantId),
                        new Actor(Actor.Type.fromWire(r.getString(2)), actorId == null ? null : UUID.fromString(actorId)),
                        r.getString(4), type, new JsonObject(r.getString(5)), r.getTimestamp(6).toInstant());
            }
        }
    }
}
