package dev.switchboard.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live server runs at once the jobs a dead node held, instead of after their 5 minute lease, and leaves alone those a
 * live node holds. The jobs are real ones (the wake-up of a snoozed conversation) whose lease is rewritten in the
 * database as a node that died mid-run would have left it.
 */
class JobRecoveryTest {

    private static final String CONVERSATIONS = "/api/v1/conversations";
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
    void aJobLeasedByADeadNodeRunsWithinSecondsAndOnce() {
        Account admin = server.register("Dead Node Jobs Co");
        String orphaned = snoozedConversation(admin);
        String heldByLiveNode = snoozedConversation(admin);
        // both due now, and running under a 5 minute lease: one on a node that died, one on this live server
        assertEquals(2, TestDatabase.update(server.db, "UPDATE conversations SET snoozed_until = now() - interval '1 second' "
                + "WHERE id IN (?::uuid, ?::uuid)", orphaned, heldByLiveNode));
        lease(orphaned, "worker-gone", "gone-node/0");
        lease(heldByLiveNode, "worker-alive", server.liveNode());
        Instant leased = Instant.now();

        Eventually.await(() -> "open".equals(conversation(admin, orphaned).getString("status")), Duration.ofSeconds(10),
                "the orphaned wake-up to run");
        assertTrue(Duration.between(leased, Instant.now()).toSeconds() < 10, "well within the lease");
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE payload->>'conversationId' = ? "
                + "AND status = 'succeeded' AND attempts = 2 AND locked_by <> 'worker-gone' AND locked_node = ?", orphaned, server.liveNode()));
        Eventually.await(() -> wakes(orphaned) == 1, Duration.ofSeconds(5), "the wake-up's event");

        assertEquals("snoozed", conversation(admin, heldByLiveNode).getString("status"), "a live node's job is left to it");
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE payload->>'conversationId' = ? "
                + "AND status = 'running' AND attempts = 1 AND locked_by = 'worker-alive'", heldByLiveNode));
        assertEquals(1, wakes(orphaned), "the job ran once");
    }

    private static String snoozedConversation(Account admin) {
        Response created = server.http.post(CONVERSATIONS, new JsonObject().put("channel", "sms"), admin.accessToken());
        assertEquals(201, created.status(), created::toString);
        String id = created.json().getString("id");
        String until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        Response snoozed = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("status", "snoozed").put("snoozedUntil", until),
                admin.accessToken());
        assertEquals(200, snoozed.status(), snoozed::toString);
        return id;
    }

    /** Leaves the conversation's queued wake-up job as {@code worker} on {@code node} left it when it had just claimed it. */
    private static void lease(String conversation, String worker, String node) {
        assertEquals(1, TestDatabase.update(server.db, "UPDATE jobs SET status = 'running', attempts = 1, locked_by = ?, locked_node = ?, "
                + "locked_until = now() + interval '5 minutes', run_at = now() WHERE kind = 'conversation.wake' AND status = 'queued' "
                + "AND payload->>'conversationId' = ?", worker, node, conversation));
    }

    private static JsonObject conversation(Account admin, String id) {
        Response r = server.http.get(CONVERSATIONS + "/" + id, admin.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** How many times the conversation went from snoozed back to open. */
    private static long wakes(String conversation) {
        return server.events(conversation).stream().filter(e -> "conversation.status_changed".equals(e.getString("type"))
                && "open".equals(e.getJsonObject("payload").getJsonObject("after").getString("status"))).count();
    }
}
