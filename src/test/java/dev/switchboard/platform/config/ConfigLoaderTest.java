package dev.switchboard.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void withNothingConfiguredEverySettingHasItsDefault() {
        AppConfig config = ConfigLoader.load(Map.of(), Map.of());

        assertEquals("0.0.0.0", config.http().host());
        assertEquals(8080, config.http().port());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.http().instances());
        assertEquals(1024 * 1024, config.http().bodyLimitBytes());
        assertEquals(List.of(), config.http().corsOrigins());
        assertFalse(config.http().trustForwardedFor());
        assertEquals(Duration.ofSeconds(10), config.http().shutdownGrace());

        assertTrue(config.db().embedded(), "no database URL means the embedded database");
        assertNull(config.db().url());
        assertEquals(Path.of("./data"), config.db().dataDir());
        assertEquals(16, config.db().poolSize());

        assertEquals("switchboard", config.auth().issuer());
        assertEquals("switchboard-api", config.auth().audience());
        assertEquals(Duration.ofMinutes(15), config.auth().accessTokenTtl());
        assertEquals(Duration.ofDays(7), config.auth().refreshTokenTtl());
        assertEquals(Duration.ofDays(7), config.auth().inviteTtl());
        assertNull(config.auth().signingKeyFile());
        assertTrue(config.auth().secureCookies());

        assertEquals(10, config.limits().loginPerMinute());
        assertEquals(5, config.limits().registerPerMinute());
        assertEquals(Duration.ofMillis(250), config.outbox().pollInterval());
        assertEquals(500, config.outbox().batchSize());
    }

    @Test
    void environmentOverridesTheFileAndTheFileOverridesDefaults() {
        Map<String, String> file = Map.of(
                "http.port", "9000",
                "http.bodyLimit", "512k",
                "http.corsOrigins", "https://a.example.test,https://b.example.test",
                "limits.loginPerMinute", "20",
                "auth.accessTokenTtl", "5m");
        Map<String, String> env = Map.of(
                "SWITCHBOARD_HTTP_PORT", "9100",
                "SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL", "PT2M",
                "SWITCHBOARD_DATA_DIR", "/var/lib/switchboard",
                "SWITCHBOARD_DB_URL", "postgresql://app:s3cret@db.internal:6432/switchboard");

        AppConfig config = ConfigLoader.load(file, env);

        assertEquals(9100, config.http().port());
        assertEquals(Duration.ofMinutes(2), config.auth().accessTokenTtl());
        assertEquals(512 * 1024, config.http().bodyLimitBytes());
        assertEquals(List.of("https://a.example.test", "https://b.example.test"), config.http().corsOrigins());
        assertEquals(20, config.limits().loginPerMinute());
        assertEquals(Path.of("/var/lib/switchboard"), config.db().dataDir());
        assertFalse(config.db().embedded());
        assertEquals(new DatabaseUrl("db.internal", 6432, "switchboard", "app", "s3cret"), config.db().url());
    }

    @Test
    void aNonNumericPortNamesTheVariableAndTheValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_HTTP_PORT", "abc")));
        assertTrue(e.getMessage().contains("SWITCHBOARD_HTTP_PORT"), e.getMessage());
        assertTrue(e.getMessage().contains("abc"), e.getMessage());
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_HTTP_PORT", "70000")));
        assertTrue(e.getMessage().contains("SWITCHBOARD_HTTP_PORT"), e.getMessage());
    }

    @Test
    void aBadValueInTheFileNamesItsKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("db.poolSize", "lots"), Map.of()));
        assertTrue(e.getMessage().contains("db.poolSize"), e.getMessage());
        assertTrue(e.getMessage().contains("lots"), e.getMessage());
    }

    @Test
    void aBadDurationNamesTheVariableAndTheValue() {
        for (String bad : List.of("soon", "15 minutes", "-5m", "0s", "10x")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL", bad)), bad);
            assertTrue(e.getMessage().contains("SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL"), e.getMessage());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void aBadBooleanNamesTheVariableAndTheValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_HTTP_TRUST_FORWARDED_FOR", "maybe")));
        assertTrue(e.getMessage().contains("SWITCHBOARD_HTTP_TRUST_FORWARDED_FOR"), e.getMessage());
        assertTrue(e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void aBadDatabaseUrlIsNamedWithoutRevealingItsPassword() {
        String password = "Xq7/zP+w2@kL";
        List<String> bad = List.of(
                "mysql://admin:" + password + "@db.internal:3306/switchboard",
                "postgresql://admin:" + password + "@db.internal:5432",
                "admin:" + password + "@db.internal:5432/switchboard",
                "postgresql://admin:" + password + " @db.internal/switchboard",
                "mysql://db.internal/switchboard?user=admin&password=" + password);
        for (String url : bad) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_DB_URL", url)), url);
            assertTrue(e.getMessage().contains("SWITCHBOARD_DB_URL"), e.getMessage());
            assertTrue(e.getMessage().contains("db.internal"), () -> "the rest of the value is shown: " + e.getMessage());
            for (String piece : List.of(password, "Xq7", "zP+w2", "kL@")) {
                assertFalse(e.getMessage().contains(piece), () -> "password revealed: " + e.getMessage());
            }
        }
    }

    @Test
    void theEnvironmentVariableNameFollowsTheDottedKey() {
        assertEquals("SWITCHBOARD_HTTP_BODY_LIMIT", Settings.envName("http.bodyLimit"));
        assertEquals("SWITCHBOARD_LIMITS_LOGIN_PER_MINUTE", Settings.envName("limits.loginPerMinute"));
    }

    @Test
    void aProviderUrlInsideTheNetworkStopsStartupUnlessAllowed() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_RESEND_BASE_URL", "http://169.254.169.254/latest")));
        assertTrue(refused.getMessage().contains("SWITCHBOARD_RESEND_BASE_URL"), refused::getMessage);
        assertTrue(refused.getMessage().contains("SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE"), refused::getMessage);
        assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_WEBHOOKS_META_GRAPH_BASE_URL", "http://localhost:9000")));

        AppConfig allowed = ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_RESEND_BASE_URL", "http://127.0.0.1:9000",
                "SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE", "127.0.0.0/8"));
        assertEquals("http://127.0.0.1:9000", allowed.email().resendBaseUrl());
        assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE", "not a host/99")));
    }

    @Test
    void aRequestTimeoutMustBePositive() {
        assertEquals(Duration.ofSeconds(30), ConfigLoader.load(Map.of(), Map.of()).http().requestTimeout());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_HTTP_REQUEST_TIMEOUT", "0s")));
    }
}
