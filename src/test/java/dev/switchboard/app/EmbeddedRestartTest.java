package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.AppConfig;
import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.BlockedThreadWatch;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Http.Response;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no database URL the server runs its own PostgreSQL in the data directory; a restart keeps everything. */
class EmbeddedRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void accountsAndTheSigningKeySurviveARestart() throws Exception {
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        String userId;
        String kid;
        String accessToken;

        try (Application first = Application.start(embeddedConfig());
             Http http = new Http(first.port())) {
            assertEquals(200, http.get("/health/ready", null).status());
            boolean throughSocket = first.pool().query("SELECT inet_client_addr() IS NULL AS socket").execute()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next().getBoolean("socket");
            assertTrue(throughSocket, "the server reaches its own database through the Unix socket in the data directory");
            Response registered = http.post("/api/v1/auth/register", new JsonObject()
                    .put("organizationName", "Restart Bakery")
                    .put("email", email)
                    .put("password", Account.PASSWORD)
                    .put("fullName", "Restart Owner"), null);
            assertEquals(201, registered.status(), registered::toString);
            userId = registered.json().getJsonObject("user").getString("id");
            accessToken = registered.json().getString("accessToken");
            kid = jwksKid(http);
        }
        assertTrue(Files.isDirectory(dataDir.resolve("postgres")), "database files live in the data directory");

        try (Application second = Application.start(embeddedConfig());
             Http http = new Http(second.port())) {
            assertEquals(200, http.get("/health/ready", null).status());
            Response login = http.post("/api/v1/auth/login",
                    new JsonObject().put("email", email).put("password", Account.PASSWORD), null);
            assertEquals(200, login.status(), login::toString);
            assertEquals(userId, login.json().getJsonObject("user").getString("id"));

            assertEquals(kid, jwksKid(http), "the signing key is kept, not regenerated");
            Response me = http.get("/api/v1/auth/me", accessToken);
            assertEquals(200, me.status(), () -> "a token issued before the restart still verifies: " + me);
        }
        assertEquals(0, BlockedThreadWatch.warnings(), () -> "blocked thread: " + BlockedThreadWatch.lastWarning());
    }

    private AppConfig embeddedConfig() {
        return ConfigLoader.load(Map.of(), Map.of(
                "SWITCHBOARD_DATA_DIR", dataDir.toString(),
                "SWITCHBOARD_HTTP_PORT", Integer.toString(freePort()),
                "SWITCHBOARD_HTTP_HOST", "127.0.0.1"));
    }

    private static String jwksKid(Http http) {
        Response jwks = http.get("/.well-known/jwks.json", null);
        assertEquals(200, jwks.status(), jwks::toString);
        String kid = jwks.json().getJsonArray("keys").getJsonObject(0).getString("kid");
        assertNotNull(kid);
        return kid;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
