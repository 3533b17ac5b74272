package dev.switchboard.platform.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.ForkedServer;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes on one database must share the secrets key: a node with another key refuses to start instead of failing on every secret. */
class SecretsKeyCheckTest {

    private static final String INTEGRATIONS = "/api/v1/integrations";

    @TempDir
    Path workDir;

    @Test
    void aSecondNodeWithAnotherKeyRefusesToStartWithOneLineNamingTheSetting() throws Exception {
        DatabaseUrl db = TestDatabase.newDatabase();
        try (TestServer first = TestServer.startOn(db, Map.of("SWITCHBOARD_SECRETS_KEY", newKey()))) {
            Account admin = first.register("Key Check Bakery");
            setResendKey(first, admin, "re_written_by_the_first_node");

            Map<String, String> env = ForkedServer.env(db);
            Path stderr = workDir.resolve("stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "dev.switchboard.app.Main")
                    .directory(workDir.toFile())
                    .redirectOutput(workDir.resolve("stdout.txt").toFile())
                    .redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_")
                    || List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS").contains(name));
            builder.environment().putAll(env);
            Process second = builder.start();
            boolean exited = second.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                second.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            assertTrue(exited, "the second node exits by itself");
            assertNotEquals(0, second.exitValue());
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            assertEquals(1, lines.size(), () -> "stderr: " + lines);
            assertTrue(lines.get(0).contains("SWITCHBOARD_SECRETS_KEY") && lines.get(0).contains("cannot decrypt"), lines.get(0));

            assertEquals(200, first.http.get(INTEGRATIONS, admin.accessToken()).status(), "the first node is unaffected");
        }
    }

    @Test
    void aNodeWithAnotherKeyRefusesToStartEvenBeforeAnySecretIsStored() {
        DatabaseUrl db = TestDatabase.newDatabase();
        try (TestServer first = TestServer.startOn(db, Map.of("SWITCHBOARD_SECRETS_KEY", newKey()))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> TestServer.startOn(db, Map.of("SWITCHBOARD_SECRETS_KEY", newKey())));
            assertInstanceOf(ConfigException.class, refused.getCause(), refused::toString);
        }
    }

    @Test
    void aReplacedKeyListedAsPreviousStillStartsAndReadsWhatItSealed() {
        DatabaseUrl db = TestDatabase.newDatabase();
        String oldKey = newKey();
        String newKey = newKey();
        Account admin;
        try (TestServer before = TestServer.startOn(db, Map.of("SWITCHBOARD_SECRETS_KEY", oldKey))) {
            admin = before.register("Key Rotation Bakery");
            setResendKey(before, admin, "re_sealed_with_the_old_key");
        }
        try (TestServer after = TestServer.startOn(db, Map.of("SWITCHBOARD_SECRETS_KEY", newKey,
                "SWITCHBOARD_SECRETS_PREVIOUS_KEYS", oldKey))) {
            Response read = after.http.get(INTEGRATIONS, admin.accessToken());
            assertEquals(200, read.status(), read::toString);
            assertEquals("••••_key", read.json().getString("resendApiKey"));
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TestServer.startOn(db, Map.of("SWITCHBOARD_SECRETS_KEY", newKey)));
        assertInstanceOf(ConfigException.class, refused.getCause(), refused::toString);
        assertTrue(refused.getCause().getMessage().contains("SWITCHBOARD_SECRETS_PREVIOUS_KEYS"), refused.getCause().getMessage());
    }

    private static void setResendKey(TestServer server, Account admin, String value) {
        Response set = server.http.patch(INTEGRATIONS, new JsonObject().put("resendApiKey", value).put("version", 0), admin.accessToken());
        assertEquals(200, set.status(), set::toString);
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
