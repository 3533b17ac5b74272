package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.Idempotency;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys whose request's node died, on a live server: the dead holder is a key row held by a node name that
 * is not live in the event log's node liveness, written straight into the database; the retry is a real request.
 * ({@code IdempotencyKillTest} does the same with a real {@code kill -9}.)
 */
class IdempotencyRecoveryTest {

    private static final String GONE = "gone-node/0";
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
    void theWriteMarksItsKeyAppliedInItsOwnTransaction() {
        Account admin = server.register("Marked Co");
        String key = UUID.randomUUID().toString();
        assertEquals(201, postCase(admin, "Marked " + key, key).status());

        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM idempotency_keys WHERE key = ? AND applied_at IS NOT NULL "
                + "AND applied_at <= completed_at AND node = ?", key, server.liveNode()));
        String unkeyed = "Unkeyed " + key;
        assertEquals(201, server.http.post("/api/v1/cases", new JsonObject().put("title", unkeyed), admin.accessToken()).status());
        assertEquals(1, countCases(unkeyed));
    }

    @Test
    void aRetryTakesOverAKeyWhoseNodeDiedBeforeTheWorkCommittedAndDoesTheWorkOnce() {
        Account admin = server.register("Takeover Co");
        String title = "Takeover " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        holdKeyLikeAnEarlierRequest(admin, title, key, GONE, false);

        Response retry = postCase(admin, title, key);
        assertEquals(201, retry.status(), retry::toString);
        assertNull(retry.header("Idempotent-Replayed"), "the work ran for this retry");
        assertEquals(2, countCases(title), "the earlier request's case and the retry's");

        Response again = postCase(admin, title, key);
        assertEquals(201, again.status(), again::toString);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(retry.json().getString("id"), again.json().getString("id"));
        assertEquals(2, countCases(title));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM idempotency_keys WHERE key = ? AND node = ? "
                + "AND applied_at IS NOT NULL", key, server.liveNode()));
    }

    @Test
    void aRetryOfWorkThatCommittedOnANodeThatDiedBeforeItsAnswerWasKeptIsToldTheOutcomeWasLost() {
        Account admin = server.register("Lost Answer Co");
        String title = "Lost answer " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertEquals(201, postCase(admin, title, key).status());
        // the answer never kept, and the node gone: what a kill -9 between the work's commit and the recording leaves
        assertEquals(1, TestDatabase.update(server.db, "UPDATE idempotency_keys SET status_code = NULL, response = NULL, "
                + "content_type = NULL, completed_at = NULL, node = ? WHERE key = ?", GONE, key));

        Response retry = postCase(admin, title, key);
        assertEquals(409, retry.status(), retry::toString);
        assertEquals("idempotency-outcome-lost", retry.json().getString("type").replaceAll(".*/", ""));
        assertTrue(retry.json().getString("detail").contains("applied"), retry::toString);
        assertEquals(1, countCases(title), "the work is not done again");
        assertEquals(409, postCase(admin, title, key).status(), "every later retry is told the same");
        assertEquals(1, countCases(title));
    }

    @Test
    void aRetryWhileTheHoldingNodeLivesStillWaits() {
        Account admin = server.register("Alive Co");
        String title = "Alive " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        holdKeyLikeAnEarlierRequest(admin, title, key, server.liveNode(), false);

        String appliedKey = UUID.randomUUID().toString();
        holdKeyLikeAnEarlierRequest(admin, title, appliedKey, server.liveNode(), true);

        for (String k : new String[] {key, appliedKey}) {
            Response retry = postCase(admin, title, k);
            assertEquals(409, retry.status(), retry::toString);
            assertEquals("idempotency-in-progress", retry.json().getString("type").replaceAll(".*/", ""));
        }
        assertEquals(2, countCases(title), "only the earlier requests' cases");
    }

    @Test
    void aRequestWhoseKeyWasTakenOverWhileItRanDoesNotApplyItsWork() throws Exception {
        Account admin = server.register("Overtaken Co");
        String name = "Overtaken " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        CompletableFuture<Response> first;
        try (Connection blocker = TestDatabase.connect(server.db)) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                // inserts into teams wait for this lock
                st.execute("LOCK TABLE teams IN SHARE ROW EXCLUSIVE MODE");
            }
            first = server.http.sendAsync(HttpMethod.POST, "/api/v1/teams", admin.accessToken(),
                    new JsonObject().put("name", name).toBuffer(), Map.of(Idempotency.HEADER, key));
            Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM idempotency_keys WHERE key = ?", key) == 1,
                    Duration.ofSeconds(10), "the request holding its key");
            // what a retry does when it wrongly believes this request's node dead
            assertEquals(1, TestDatabase.update(server.db, "UPDATE idempotency_keys SET claim = gen_random_uuid(), node = ? WHERE key = ?",
                    GONE, key));
            blocker.commit();
        }
        Response overtaken = first.get(20, TimeUnit.SECONDS);
        assertTrue(overtaken.status() >= 500, overtaken::toString);
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM teams WHERE name = ?", name), "its write rolled back");
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM idempotency_keys WHERE key = ? AND node = ? "
                + "AND status_code IS NULL", key, GONE), "the key stays with the request that took it over");
    }

    /**
     * Leaves {@code key} held by {@code node}, as a request for a case titled {@code title} that has not answered yet: the
     * row's request hash is that of an earlier, identical request of the same user under another key.
     */
    private static void holdKeyLikeAnEarlierRequest(Account admin, String title, String key, String node, boolean applied) {
        String earlier = UUID.randomUUID().toString();
        assertEquals(201, postCase(admin, title, earlier).status());
        assertEquals(1, TestDatabase.update(server.db, "INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, node, claim, "
                + "applied_at) SELECT tenant_id, user_id, ?, request_hash, ?, gen_random_uuid(), CASE WHEN ? THEN now() END "
                + "FROM idempotency_keys WHERE key = ?", key, node, applied, earlier));
    }

    private static Response postCase(Account account, String title, String key) {
        return server.http.send(HttpMethod.POST, "/api/v1/cases", account.accessToken(), new JsonObject().put("title", title).toBuffer(),
                Map.of(Idempotency.HEADER, key));
    }

    private static long countCases(String title) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM cases WHERE title = ?", title);
    }
}
