package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.Idempotency;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An idempotent POST that the request timeout answers 503 while its write goes on: the key waits for the write's
 * own outcome, so a retry never does the work a second time.
 */
class IdempotencyTimeoutTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        // long enough for a sign-up (its password hash) on a busy machine
        server = TestServer.start(Map.of("SWITCHBOARD_HTTP_REQUEST_TIMEOUT", "4s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRetryAfterATimeoutWaitsForTheWriteThatWentOnAndThenReplaysIt() throws Exception {
        Account admin = server.register("Slow Writes Co");
        String key = UUID.randomUUID().toString();
        Response first;
        Response meanwhile;
        try (Connection blocker = TestDatabase.connect(server.db)) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                // inserts into teams wait for this lock; reads do not
                st.execute("LOCK TABLE teams IN SHARE ROW EXCLUSIVE MODE");
            }
            first = postTeam(admin, "Night shift", key);
            meanwhile = postTeam(admin, "Night shift", key);
            blocker.commit();
        }
        assertEquals(503, first.status(), first::toString);
        assertEquals(409, meanwhile.status(), meanwhile::toString);
        assertEquals("idempotency-in-progress", meanwhile.json().getString("type").replaceAll(".*/", ""));

        // the write that went on commits once the lock is gone; its answer is the key's, replayed to the retry
        Response[] last = new Response[1];
        Eventually.await(() -> (last[0] = postTeam(admin, "Night shift", key)).status() != 409, Duration.ofSeconds(20),
                "the first write's answer is kept");
        Response replayed = last[0];
        assertEquals(201, replayed.status(), replayed::toString);
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(1, teamsNamed(admin, "Night shift"), "the team is created once");
    }

    @Test
    void aClientThatHangsUpWhileItsWriteWaitsNeverGetsTheWorkDoneTwice() throws Exception {
        Account admin = server.register("Hung Up Co");
        String name = "Hung up " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        try (Connection blocker = TestDatabase.connect(server.db)) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE teams IN SHARE ROW EXCLUSIVE MODE");
            }
            byte[] body = new JsonObject().put("name", name).encode().getBytes(StandardCharsets.UTF_8);
            try (Socket client = new Socket("127.0.0.1", server.port)) {
                OutputStream out = client.getOutputStream();
                out.write(("POST /api/v1/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin.accessToken()
                        + "\r\nContent-Type: application/json\r\n" + Idempotency.HEADER + ": " + key + "\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM idempotency_keys WHERE key = ?", key) == 1,
                        Duration.ofSeconds(10), "the request holding its key");
            } // the client hangs up while the write waits for the lock
            Thread.sleep(300);
            blocker.commit();
        }
        // the client retries until it gets an answer that is not "still in progress"
        Response[] last = new Response[1];
        Eventually.await(() -> (last[0] = postTeam(admin, name, key)).status() != 409
                        || !"idempotency-in-progress".equals(last[0].json().getString("type").replaceAll(".*/", "")),
                Duration.ofSeconds(20), "an answer for the retry");
        Eventually.await(() -> teamsNamed(admin, name) >= 1, Duration.ofSeconds(5), "the team created");
        Thread.sleep(300);
        assertEquals(1, teamsNamed(admin, name), "the team is created once: " + last[0]);
    }

    private static long teamsNamed(Account admin, String name) {
        Response teams = server.http.get("/api/v1/teams", admin.accessToken());
        assertEquals(200, teams.status(), teams::toString);
        return teams.items().stream().filter(t -> name.equals(((JsonObject) t).getString("name"))).count();
    }

    private static Response postTeam(Account account, String name, String key) {
        Response r = server.http.send(HttpMethod.POST, "/api/v1/teams", account.accessToken(),
                new JsonObject().put("name", name).toBuffer(), Map.of(Idempotency.HEADER, key));
        assertTrue(r.status() < 500 || r.status() == 503, r::toString);
        return r;
    }
}
