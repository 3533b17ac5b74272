package dev.switchboard.timeline;

import static dev.switchboard.timeline.TimelineFixtures.hasSummary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.conversations.ConversationFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rebuilding a tenant's projection from the event log: same rows as built live, idempotent, safe under writes, admin only. */
class TimelineRebuildTest {

    private static final String REBUILDS = "/api/v1/timeline-rebuilds";

    private static TestServer server;
    private static TimelineFixtures fx;
    private static ConversationFixtures conversations;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new TimelineFixtures(server);
        conversations = new ConversationFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRebuildYieldsExactlyTheProjectionBuiltLiveAndReplayingTwiceChangesNothing() throws Exception {
        Account admin = server.register("Timeline Rebuild Exact");
        Account agent = server.invite(admin, "agent");
        String contact = history(admin, agent);
        List<String> live = snapshot(admin.tenantId());
        assertTrue(live.size() > 15, live::toString);

        JsonObject first = rebuildAndWait(admin);
        assertEquals(live, snapshot(admin.tenantId()), "the rebuilt projection equals the live one row for row");
        assertTrue(first.getInteger("eventsReplayed") >= live.size() / 2, first::encode);
        assertEquals(countRows(admin.tenantId()), first.getInteger("entries"));

        rebuildAndWait(admin);
        assertEquals(live, snapshot(admin.tenantId()), "replaying the same events again yields the same projection");
        assertEquals(2, fx.page(admin, "contact", contact, "types=note").items().size(),
                "only the org notes show: the agent's private one stays hidden after the rebuild");
    }

    @Test
    void aRebuildWhileWritesContinueEndsInTheSameProjectionAsAQuietReplay() throws Exception {
        Account admin = server.register("Timeline Rebuild Busy");
        String contact = history(admin, server.invite(admin, "agent"));
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 25; i++) {
                fx.note(admin, "contact", contact, "during rebuild " + i, "org");
            }
        });
        List<JsonObject> rebuilds = new ArrayList<>();
        while (!writes.isDone()) {
            rebuilds.add(rebuildAndWait(admin));
        }
        writes.join();
        fx.contact(admin); // a later event: once it shows, every note before it was projected
        awaitSettled(admin);
        List<String> afterTraffic = snapshot(admin.tenantId());

        rebuildAndWait(admin);
        assertEquals(afterTraffic, snapshot(admin.tenantId()), "live projection after a concurrent rebuild = a quiet replay");
        assertEquals(25 + 2, fx.page(admin, "contact", contact, "types=note.created&limit=100").items().size(),
                "no note written during the rebuild was lost or doubled");
        assertFalse(rebuilds.isEmpty());
    }

    @Test
    void onlyAdminsRebuildAndOtherOrganizationsGet404() throws Exception {
        Account admin = server.register("Timeline Rebuild Roles");
        Account other = server.register("Timeline Rebuild Other");
        Map<String, Integer> expected = Map.of("manager", 403, "agent", 403, "viewer", 403, "customer", 403);
        for (Map.Entry<String, Integer> role : expected.entrySet()) {
            Account caller = server.invite(admin, role.getKey());
            assertEquals(role.getValue(), server.http.post(REBUILDS, new JsonObject(), caller.accessToken()).status(), role.getKey());
        }
        JsonObject done = rebuildAndWait(admin);
        String id = done.getString("id");
        assertEquals("completed", done.getString("status"));
        assertEquals(admin.userId(), done.getString("requestedBy"));

        assertEquals(404, server.http.get(REBUILDS + "/" + id, other.accessToken()).status());
        assertEquals(404, server.http.get(REBUILDS + "/" + TimelineFixtures.randomId(), admin.accessToken()).status());
        assertEquals(403, server.http.get(REBUILDS + "/" + id, server.invite(admin, "manager").accessToken()).status());
        assertEquals(401, server.http.post(REBUILDS, new JsonObject(), null).status());

        List<String> types = server.events(id).stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("timeline.rebuild_requested", "timeline.rebuilt"), types);
        server.events(id).forEach(e -> assertEquals(admin.tenantId(), e.getString("tenantId")));
    }

    @Test
    void theProjectionLagAndPendingEventsAreMetrics() {
        String metrics = server.http.get("/metrics", null).body().toString();
        assertTrue(metrics.contains("switchboard_events_consumer_lag_seconds{consumer=\"timeline\"}"), "lag gauge");
        assertTrue(metrics.contains("switchboard_events_consumer_lag_events{consumer=\"timeline\"}"), "pending gauge");
        assertTrue(metrics.contains("switchboard_timeline_cache_total{"), "cache hit/miss counter");
    }

    /** Records of every kind, written through the API; answers the contact they hang off. */
    private static String history(Account admin, Account agent) throws Exception {
        String contact = fx.contact(agent);
        String caseId = fx.caseFor(agent, contact, "Rebuild me");
        assertEquals(200, server.http.post("/api/v1/cases/" + caseId + "/status",
                new JsonObject().put("stage", "qualified").put("reason", "called"), admin.accessToken()).status());
        String note = fx.note(agent, "contact", contact, "agent only", "org");
        assertEquals(200, server.http.patch("/api/v1/notes/" + note, new JsonObject().put("visibility", "private").put("version", 1),
                agent.accessToken()).status());
        fx.note(admin, "case", caseId, "on the case", "org");
        fx.note(admin, "contact", contact, "on the contact", "org");
        String deleted = fx.note(admin, "contact", contact, "soon gone", "org");
        assertEquals(204, server.http.delete("/api/v1/notes/" + deleted, admin.accessToken()).status());
        String task = fx.created(admin, "/api/v1/tasks", new JsonObject().put("title", "Call back").put("caseId", caseId));
        assertEquals(200, server.http.patch("/api/v1/tasks/" + task, new JsonObject().put("status", "done").put("version", 1),
                admin.accessToken()).status());
        fx.appointment(admin, "Review", contact);
        String conversation = fx.created(admin, "/api/v1/conversations", new JsonObject().put("channel", "email")
                .put("subject", "Re: invoice").put("contactId", contact));
        conversations.message(admin, conversation, "inbound", "hello");
        conversations.message(admin, conversation, "outbound", "hi");
        fx.await(admin, "contact", contact, hasSummary("Email queued: Re: invoice"));
        awaitSettled(admin);
        return contact;
    }

    private static JsonObject rebuildAndWait(Account admin) {
        Response queued = server.http.post(REBUILDS, new JsonObject(), admin.accessToken());
        assertEquals(201, queued.status(), queued::toString);
        String id = queued.json().getString("id");
        JsonObject[] last = new JsonObject[1];
        Eventually.await(() -> {
            Response r = server.http.get(REBUILDS + "/" + id, admin.accessToken());
            last[0] = r.json();
            return r.status() == 200 && !List.of("queued", "running").contains(r.json().getString("status"));
        }, Duration.ofSeconds(30), "the rebuild to finish");
        assertEquals("completed", last[0].getString("status"), last[0]::encode);
        return last[0];
    }

    /** Waits until every event of the tenant has been projected: the snapshot stops changing and nothing is pending. */
    private static void awaitSettled(Account admin) throws Exception {
        List<String> previous = null;
        for (int i = 0; i < 200; i++) {
            List<String> now = snapshot(admin.tenantId());
            if (now.equals(previous) && unpublished() == 0) {
                return;
            }
            previous = now;
            Thread.sleep(100);
        }
        throw new AssertionError("the projection never settled");
    }

    private static long unpublished() throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox WHERE published_at IS NULL");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static int countRows(String tenantId) throws Exception {
        return snapshot(tenantId).stream().filter(row -> row.startsWith("entry|")).toList().size();
    }

    /** Every projection row of the tenant, all columns, in a stable order. */
    static List<String> snapshot(String tenantId) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db)) {
            read(c, "SELECT 'entry', t.* FROM timeline_entries t WHERE tenant_id = ?::uuid ORDER BY record_type, record_id, entry_id",
                    tenantId, rows);
            read(c, "SELECT 'parent', p.* FROM timeline_parents p WHERE tenant_id = ?::uuid ORDER BY record_type, record_id",
                    tenantId, rows);
        }
        return rows;
    }

    private static void read(Connection c, String sql, String tenantId, List<String> rows) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(r.getString(i)).append('|');
                    }
                    rows.add(row.toString());
                }
            }
        }
    }
}
