package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.auth.Idempotency;
import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.ForkedServer;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An idempotent POST whose server is killed with {@code kill -9} while its work waits, before it commits: once the
 * server is back, the retry with the same key does the work, once, instead of answering 409 for the key's 24 hours.
 */
class IdempotencyKillTest {

    @Test
    void aRetryAfterTheServerWasKilledMidRequestDoesTheWorkOnce() throws Exception {
        DatabaseUrl db = TestDatabase.newDatabase();
        Map<String, String> env = ForkedServer.env(db);
        // a dead node is known as such one second after its last renewal
        env.put("SWITCHBOARD_OUTBOX_LEASE_TTL", "1s");
        try (ForkedServer server = new ForkedServer("idempotency-kill", env)) {
            server.startAndAwaitReady();
            Account admin = TestServer.register(server.http(), "Killed Mid-Request Co");
            String name = "Night shift";
            String key = UUID.randomUUID().toString();
            try (Connection blocker = TestDatabase.connect(db)) {
                blocker.setAutoCommit(false);
                try (Statement st = blocker.createStatement()) {
                    // inserts into teams wait for this lock: the request holds its key, its work cannot commit
                    st.execute("LOCK TABLE teams IN SHARE ROW EXCLUSIVE MODE");
                }
                server.http().sendAsync(HttpMethod.POST, "/api/v1/teams", admin.accessToken(), new JsonObject().put("name", name).toBuffer(),
                        Map.of(Idempotency.HEADER, key)).exceptionally(err -> null);
                Eventually.await(() -> TestDatabase.queryLong(db, "SELECT count(*) FROM idempotency_keys WHERE key = ? AND status_code IS NULL",
                        key) == 1, Duration.ofSeconds(10), "the request holding its key");
                server.kill();
                blocker.rollback();
            }
            server.startAndAwaitReady();

            Http.Response[] retry = new Http.Response[1];
            Eventually.await(() -> (retry[0] = postTeam(server.http(), admin, name, key)).status() != 409, Duration.ofSeconds(10),
                    "the killed server's hold on the key to end");
            assertEquals(201, retry[0].status(), retry[0]::toString);
            assertNull(retry[0].header("Idempotent-Replayed"), "the retry did the work");
            Http.Response replayed = postTeam(server.http(), admin, name, key);
            assertEquals(201, replayed.status(), replayed::toString);
            assertEquals("true", replayed.header("Idempotent-Replayed"));
            assertEquals(retry[0].json().getString("id"), replayed.json().getString("id"));
            assertEquals(1, TestDatabase.queryLong(db, "SELECT count(*) FROM teams WHERE name = ?", name), "the team exists once");
        }
    }

    private static Http.Response postTeam(Http http, Account admin, String name, String key) {
        return http.send(HttpMethod.POST, "/api/v1/teams", admin.accessToken(), new JsonObject().put("name", name).toBuffer(),
                Map.of(Idempotency.HEADER, key));
    }
}
