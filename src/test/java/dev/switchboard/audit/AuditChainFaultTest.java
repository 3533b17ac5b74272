package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit chainer cannot skip an entry, so when its batches keep failing the chain waits: the failure must be
 * visible on the node's readiness details while it lasts, and the chain must catch up, valid, once it is gone. The
 * fault is real: a trigger in the database refuses every chain link.
 */
class AuditChainFaultTest {

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
    }

    private static JsonObject failingWorkers() {
        return server.http.get("/health/ready", null).json().getJsonObject("details").getJsonObject("failingWorkers");
    }

    private static JsonObject verify(Account admin) {
        Response r = server.http.post("/api/v1/audit-log/verify", null, admin.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }
}
