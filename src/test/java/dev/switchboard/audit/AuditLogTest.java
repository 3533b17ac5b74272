package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuditLogTest {

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
    void aScriptedMixOfWritesVerifies() throws Exception {
        Account admin = scriptedOrganization("Verified Co");
        JsonObject result = verified(admin);
        assertTrue(result.getBoolean("valid"), result::encodePrettily);
        assertEquals(auditRows(admin.tenantId()), result.getLong("checked"));
        assertTrue(result.getLong("checked") >= 8, "the script wrote entries");
    }

    @Test
    void verifyNamesExactlyTheAlteredEntry() throws Exception {
        Account admin = scriptedOrganization("Altered Co");
        verified(admin);
        String victim = entryAt(admin.tenantId(), 3);
        superuser("UPDATE audit_log SET after = jsonb_build_object('role', 'admin') WHERE id = ?::uuid", victim);

        JsonObject result = verify(admin);
        assertFalse(result.getBoolean("valid"));
        JsonArray problems = result.getJsonArray("problems");
        assertEquals(1, problems.size(), problems::encodePrettily);
        assertEquals("altered", problems.getJsonObject(0).getString("kind"));
        assertEquals(victim, problems.getJsonObject(0).getString("id"));
        assertEquals(3, problems.getJsonObject(0).getLong("position"));
    }

    @Test
    void verifyNamesExactlyTheDeletedEntry() throws Exception {
        Account admin = scriptedOrganization("Deleted Co");
        verified(admin);
        superuser("DELETE FROM audit_log WHERE id = ?::uuid", entryAt(admin.tenantId(), 4));

        JsonArray problems = verify(admin).getJsonArray("problems");
        assertEquals(1, problems.size(), problems::encodePrettily);
        assertEquals("missing", problems.getJsonObject(0).getString("kind"));
        assertEquals(4, problems.getJsonObject(0).getLong("position"));
    }

    @Test
    void verifyNoticesTheNewestEntryDeleted() throws Exception {
        Account admin = scriptedOrganization("Truncated Co");
        long last = verified(admin).getLong("checked");
        superuser("DELETE FROM audit_log WHERE id = ?::uuid", entryAt(admin.tenantId(), last));

        JsonArray problems = verify(admin).getJsonArray("problems");
        assertEquals(1, problems.size(), problems::encodePrettily);
        assertEquals(last, problems.getJsonObject(0).getLong("position"));
    }

    @Test
    void anEntryCommittedAfterLaterOnesIsChainedNotSkipped() throws Exception {
        Account admin = scriptedOrganization("Late Commit Co");
        verified(admin);
        String late = UUID.randomUUID().toString();
        try (Connection slow = TestDatabase.connect(server.db)) {
            slow.setAutoCommit(false);
            try (PreparedStatement st = slow.prepareStatement("INSERT INTO audit_log (tenant_id, id, actor_type, action) "
                    + "VALUES (?::uuid, ?::uuid, 'system', 'test.slow_writer')")) {
                st.setString(1, admin.tenantId());
                st.setString(2, late);
                st.executeUpdate();
            }
            // Entries of transactions that began after the slow one, committed while it is still open.
            assertEquals(201, server.http.post("/api/v1/teams", new JsonObject().put("name", "After"), admin.accessToken()).status());
            assertEquals(201, server.http.post("/api/v1/teams", new JsonObject().put("name", "After too"), admin.accessToken()).status());
            Thread.sleep(500);
            assertTrue(verify(admin).getLong("pending") >= 2, "later entries wait for the open transaction");
            slow.commit();
        }
        JsonObject result = verified(admin);
        assertTrue(result.getBoolean("valid"), result::encodePrettily);
        assertEquals(auditRows(admin.tenantId()), result.getLong("checked"), "every entry chained, the late one too");
        assertEquals(1L, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_chain WHERE id = ?::uuid", late));
    }

    @Test
    void aChainerWatermarkFromAnotherClusterStopsLinkingVisiblyUntilRebased() throws Exception {
        Account admin = scriptedOrganization("Restored Co");
        verified(admin);
        // what a logical restore into a younger cluster leaves: a watermark ahead of every transaction id here
        assertEquals(1, TestDatabase.update(server.db, "UPDATE audit_chain_state SET xact = '4000000000'"));
        assertEquals(201, server.http.post("/api/v1/teams", new JsonObject().put("name", "Restored"), admin.accessToken()).status());
        Thread.sleep(1500);
        assertTrue(verify(admin).getLong("pending") >= 1, "the new entry waits, and shows as waiting");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_unchained(10)"), "the chainer's read refuses");
        assertTrue(refused.getCause().getMessage().contains("ahead of this database cluster"), () -> refused.getCause().getMessage());

        assertTrue(TestDatabase.queryLong(server.db, "SELECT audit_chain_rebase()") >= 1, "the waiting entries");
        JsonObject result = verified(admin);
        assertTrue(result.getBoolean("valid"), result::encodePrettily);
        assertEquals(auditRows(admin.tenantId()), result.getLong("checked"), "every entry linked once");
    }

    @Test
    void filtersByActionEntityAndActorAndPagesNewestFirst() {
        Account admin = scriptedOrganization("Filters Co");
        Response roleChanges = server.http.get("/api/v1/audit-log?action=user.role_changed", admin.accessToken());
        assertEquals(200, roleChanges.status(), roleChanges::toString);
        assertEquals(1, roleChanges.items().size());
        JsonObject entry = roleChanges.items().getJsonObject(0);
        assertEquals(admin.userId(), entry.getString("actorId"));
        assertEquals("agent", entry.getJsonObject("before").getString("role"));
        assertEquals("manager", entry.getJsonObject("after").getString("role"));

        Response teamEntries = server.http.get("/api/v1/audit-log?entityType=team&limit=2", admin.accessToken());
        assertEquals(2, teamEntries.items().size());
        Response next = server.http.get("/api/v1/audit-log?entityType=team&limit=2&cursor=" + teamEntries.json().getString("nextCursor"),
                admin.accessToken());
        assertTrue(next.items().size() >= 1);
        assertTrue(teamEntries.items().getJsonObject(1).getString("id").compareTo(next.items().getJsonObject(0).getString("id")) > 0,
                "newest first across pages");

        Response byActor = server.http.get("/api/v1/audit-log?actorId=" + admin.userId(), admin.accessToken());
        byActor.items().forEach(e -> assertEquals(admin.userId(), ((JsonObject) e).getString("actorId")));
        assertEquals(400, server.http.get("/api/v1/audit-log?from=yesterday", admin.accessToken()).status());
    }

    @Test
    void needsAuditReadToListAndDataExportToExport() {
        Account admin = server.register("Permissions Co");
        Account agent = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        assertEquals(403, server.http.get("/api/v1/audit-log", agent.accessToken()).status());
        assertEquals(403, server.http.post("/api/v1/audit-log/verify", null, agent.accessToken()).status());
        assertEquals(403, server.http.get("/api/v1/audit-log/export", agent.accessToken()).status());
        assertEquals(200, server.http.get("/api/v1/audit-log", manager.accessToken()).status());
        assertEquals(200, server.http.get("/api/v1/audit-log/export", manager.accessToken()).status());
    }

    @Test
    void anotherOrganizationNeverSeesOurEntries() {
        Account ours = scriptedOrganization("Ours Co");
        Account theirs = server.register("Theirs Co");
        JsonArray seen = server.http.get("/api/v1/audit-log?limit=100", theirs.accessToken()).items();
        String body = server.http.get("/api/v1/audit-log/export", theirs.accessToken()).body().toString();
        assertFalse(seen.encode().contains(ours.userId()));
        assertFalse(body.contains(ours.userId()));
        assertTrue(body.contains(theirs.userId()), "their own registration is exported");
    }

    @Test
    void secretsNeverReachTheAuditLog() {
        JsonObject redacted = AuditLog.redact(new JsonObject().put("name", "Meta").put("appSecret", "s3cr3t")
                .put("nested", new JsonObject().put("accessToken", "t0k3n").put("pageId", "1")));
        assertEquals("[redacted]", redacted.getString("appSecret"));
        assertEquals("[redacted]", redacted.getJsonObject("nested").getString("accessToken"));
        assertEquals("1", redacted.getJsonObject("nested").getString("pageId"));
        assertFalse(redacted.encode().contains("s3cr3t"));
    }

    /** Registration, invites, team writes, a role change and a deactivation: at least eight entries. */
    private static Account scriptedOrganization(String name) {
        Account admin = server.register(name);
        Account agent = server.invite(admin, "agent");
        Account other = server.invite(admin, "viewer");
        String team = server.http.post("/api/v1/teams", new JsonObject().put("name", "Intake"), admin.accessToken()).json().getString("id");
        server.http.patch("/api/v1/teams/" + team, new JsonObject().put("name", "Intake desk").put("version", 1), admin.accessToken());
        server.http.put("/api/v1/teams/" + team + "/members/" + agent.userId(), null, admin.accessToken());
        server.http.post("/api/v1/teams", new JsonObject().put("name", "Billing"), admin.accessToken());
        server.http.put("/api/v1/users/" + agent.userId() + "/role", new JsonObject().put("role", "manager"), admin.accessToken());
        server.http.post("/api/v1/users/" + other.userId() + "/deactivate", null, admin.accessToken());
        return admin;
    }

    /** Verifies once every entry is chained; fails if that takes longer than 10 s. */
    private static JsonObject verified(Account admin) throws InterruptedException {
        server.awaitEventsApplied(); // notifications, say, add audit entries of their own
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonObject result = verify(admin);
        while (result.getLong("pending") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            result = verify(admin);
        }
        assertEquals(0, result.getLong("pending"), "every entry chained");
        return result;
    }

    /**
     * The audit chainer cannot skip an entry, so when its batches keep failing the chain waits: the failure must be
     * visible on the node's readiness details while it lasts, and the chain must catch up, valid, once it is gone. The
     * fault is real: a trigger in the database refuses every chain link.
     */
    @Test
    void aChainerThatKeepsFailingIsShownOnReadinessAndCatchesUpOnceTheFaultIsGone() {
        Account admin = server.register("Chain Fault");
        String marker = "chain-fault-" + UUID.randomUUID();
        TestDatabase.update(server.db, """
                CREATE FUNCTION refuse_chain_links() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'injected fault %s';
                END $$""".formatted(marker));
        TestDatabase.update(server.db, "CREATE TRIGGER refuse_links BEFORE INSERT ON audit_chain FOR EACH ROW EXECUTE FUNCTION refuse_chain_links()");
        try {
            for (int i = 0; i < 3; i++) {
                Response created = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Chained " + i), admin.accessToken());
                assertEquals(201, created.status(), created::toString);
            }
            JsonObject[] failing = {null};
            Eventually.await(() -> {
                failing[0] = failingWorkers().getJsonObject("audit chainer");
                return failing[0] != null;
            }, Duration.ofSeconds(10), "the failing chainer on the readiness details");
            assertTrue(failing[0].getString("lastError").contains(marker), failing[0]::encode);
            assertTrue(failing[0].getInteger("failures") >= 3, failing[0]::encode);
            assertTrue(failingBatchesMetric() >= 3, "the failing chainer's gauge on /metrics");
            assertEquals("up", server.http.get("/health/ready", null).json().getString("status"), "a failing worker does not make the node unready");
            assertTrue(verify(admin).getLong("pending") > 0, "the entries wait for the chain");
        } finally {
            TestDatabase.update(server.db, "DROP TRIGGER IF EXISTS refuse_links ON audit_chain");
            TestDatabase.update(server.db, "DROP FUNCTION IF EXISTS refuse_chain_links()");
        }
        Eventually.await(() -> failingWorkers().isEmpty() && verify(admin).getLong("pending") == 0, Duration.ofSeconds(10),
                "the chainer recovers and chains every entry");
        JsonObject verified = verify(admin);
        assertTrue(verified.getBoolean("valid"), verified::encode);
        assertEquals(0, failingBatchesMetric(), "back to zero once a batch succeeds");
    }

    /** {@code switchboard_worker_failing_batches{worker="audit chainer"}} as this node's /metrics shows it. */
    private static double failingBatchesMetric() {
        String metrics = server.http.get("/metrics", null).body().toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^switchboard_worker_failing_batches\\{worker=\"audit chainer\"\\} (\\S+)$")
                .matcher(metrics);
        assertTrue(m.find(), "no failing-batches gauge for the audit chainer");
        return Double.parseDouble(m.group(1));
    }

    private static JsonObject failingWorkers() {
        return server.http.get("/health/ready", null).json().getJsonObject("details").getJsonObject("failingWorkers");
    }

    private static JsonObject verify(Account admin) {
        Response r = server.http.post("/api/v1/audit-log/verify", null, admin.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static String entryAt(String tenantId, long position) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT id FROM audit_chain WHERE tenant_id = ?::uuid AND chain_seq = ?")) {
            st.setString(1, tenantId);
            st.setLong(2, position);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "an entry at position " + position);
                return rs.getString(1);
            }
        }
    }

    private static long auditRows(String tenantId) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid", tenantId);
    }

    private static void superuser(String sql, String param) {
        assertTrue(TestDatabase.update(server.db, sql, param) >= 1, sql);
    }
}
