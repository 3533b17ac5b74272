package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.ForkedServer;
import dev.switchboard.testing.Http;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one-command start (embedded PostgreSQL in the data directory) after a {@code kill -9} of the server: the
 * embedded database the dead run left behind is found and stopped, the next start comes up on the same data, and
 * everything acknowledged before the kill is there. A second server started on the same data directory meanwhile
 * refuses to start and leaves the running one's database alone.
 */
class EmbeddedCrashRecoveryTest {

    private static final String PASSWORD = "Recovery-Passw0rd!";

    @Test
    void theNextStartAfterAKillServesTheSameData() throws IOException {
        Path data = Files.createTempDirectory("switchboard-embedded-crash");
        Map<String, String> env = new HashMap<>(ForkedServer.env(DatabaseUrl.parse("unused", "postgresql://localhost:1/unused")));
        env.remove("SWITCHBOARD_DB_URL");
        env.put("SWITCHBOARD_DATA_DIR", data.toString());
        ForkedServer server = new ForkedServer("embedded-crash", env);
        try {
            server.startAndAwaitReady();
            Http http = server.http();
            Http.Response registered = http.post("/api/v1/auth/register", new JsonObject().put("organizationName", "Crash Recovery")
                    .put("email", "owner@crash-recovery.test").put("password", PASSWORD).put("fullName", "Crash Owner"), null);
            assertEquals(201, registered.status(), registered::toString);
            String token = registered.json().getString("accessToken");
            Http.Response task = http.post("/api/v1/tasks", new JsonObject().put("title", "Acknowledged before the kill"), token);
            assertEquals(201, task.status(), task::toString);
            String taskId = task.json().getString("id");
            Path postmasterPid = data.resolve("postgres").resolve("postmaster.pid");
            assertTrue(Files.exists(postmasterPid), "the embedded database runs from the data directory");

            server.kill();
            assertTrue(Files.exists(postmasterPid), "kill -9 leaves the embedded database behind");

            server.startAndAwaitReady();
            Http.Response login = http.post("/api/v1/auth/login", new JsonObject().put("email", "owner@crash-recovery.test")
                    .put("password", PASSWORD), null);
            assertEquals(200, login.status(), login::toString);
            Http.Response read = http.get("/api/v1/tasks/" + taskId, login.json().getString("accessToken"));
            assertEquals(200, read.status(), read::toString);
            assertEquals("Acknowledged before the kill", read.json().getString("title"));

            // a second server on the same data directory refuses to start and leaves the first one's database alone
            Map<String, String> secondEnv = new HashMap<>(env);
            secondEnv.put("SWITCHBOARD_HTTP_PORT", Integer.toString(ForkedServer.freePort()));
            try (ForkedServer second = new ForkedServer("embedded-second", secondEnv)) {
                second.start();
                Eventually.await(() -> !second.alive(), Duration.ofSeconds(60), "the second server gives up");
            }
            String said = Files.readString(Path.of("target", "embedded-second-1.log"));
            assertTrue(said.contains("another server is running on the data directory"), said);
            Http.Response still = http.get("/api/v1/tasks/" + taskId, login.json().getString("accessToken"));
            assertEquals(200, still.status(), "the first server still has its database: " + still);
        } finally {
            server.stop();
            server.close();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
