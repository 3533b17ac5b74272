package dev.switchboard.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S3 storage for attachments: off unless configured, all of it or none, documented names and defaults. */
class S3ConfigTest {

    private static final Map<String, String> COMPLETE = Map.of(
            "SWITCHBOARD_ATTACHMENTS_S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com",
            "SWITCHBOARD_ATTACHMENTS_S3_BUCKET", "acme-files",
            "SWITCHBOARD_ATTACHMENTS_S3_REGION", "eu-west-1",
            "SWITCHBOARD_ATTACHMENTS_S3_ACCESS_KEY_ID", "AKIDEXAMPLE",
            "SWITCHBOARD_ATTACHMENTS_S3_SECRET_ACCESS_KEY", "not-a-real-secret");

    @Test
    void withoutSettingsFilesStayOnLocalDisk() {
        assertNull(ConfigLoader.load(Map.of(), Map.of()).attachments().s3());
    }

    @Test
    void readsEverySettingFromItsDocumentedNameWithDefaults() {
        S3Config s3 = ConfigLoader.load(Map.of(), COMPLETE).attachments().s3();
        assertEquals(URI.create("https://s3.eu-west-1.amazonaws.com"), s3.endpoint());
        assertEquals("acme-files", s3.bucket());
        assertEquals("eu-west-1", s3.region());
        assertEquals("AKIDEXAMPLE", s3.accessKeyId());
        assertTrue(s3.pathStyle());
        assertEquals(Duration.ofMinutes(5), s3.urlTtl());
        assertFalse(s3.toString().contains("not-a-real-secret"), "the secret is never printed");

        Map<String, String> tuned = with(Map.of("SWITCHBOARD_ATTACHMENTS_S3_PATH_STYLE", "false", "SWITCHBOARD_ATTACHMENTS_S3_URL_TTL", "90s"));
        S3Config virtualHosted = ConfigLoader.load(Map.of(), tuned).attachments().s3();
        assertFalse(virtualHosted.pathStyle());
        assertEquals(Duration.ofSeconds(90), virtualHosted.urlTtl());
        S3Config fromFile = ConfigLoader.load(Map.of("attachments.s3.endpoint", "http://minio:9000", "attachments.s3.bucket", "files",
                "attachments.s3.region", "us-east-1", "attachments.s3.accessKeyId", "minio", "attachments.s3.secretAccessKey", "x"),
                Map.of()).attachments().s3();
        assertEquals(9000, fromFile.endpoint().getPort());
    }

    @Test
    void aPartialConfigurationStopsStartupNamingWhatIsMissing() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(),
                Map.of("SWITCHBOARD_ATTACHMENTS_S3_BUCKET", "acme-files", "SWITCHBOARD_ATTACHMENTS_S3_REGION", "eu-west-1")));
        for (String missing : List.of("SWITCHBOARD_ATTACHMENTS_S3_ENDPOINT", "SWITCHBOARD_ATTACHMENTS_S3_ACCESS_KEY_ID",
                "SWITCHBOARD_ATTACHMENTS_S3_SECRET_ACCESS_KEY")) {
            assertTrue(e.getMessage().contains(missing), e.getMessage());
        }
        assertFalse(e.getMessage().contains("SWITCHBOARD_ATTACHMENTS_S3_BUCKET"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedByName() {
        Map<String, String> bad = Map.of(
                "SWITCHBOARD_ATTACHMENTS_S3_ENDPOINT", "ftp://files.example.test",
                "SWITCHBOARD_ATTACHMENTS_S3_URL_TTL", "8d",
                "SWITCHBOARD_ATTACHMENTS_S3_PATH_STYLE", "sometimes",
                "SWITCHBOARD_ATTACHMENTS_S3_BUCKET", "Not_A_Bucket");
        bad.forEach((name, value) -> {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), with(Map.of(name, value))), name);
            assertTrue(e.getMessage().contains(name), e.getMessage());
        });
        ConfigException withPath = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(),
                with(Map.of("SWITCHBOARD_ATTACHMENTS_S3_ENDPOINT", "https://s3.example.test/some/prefix"))));
        assertTrue(withPath.getMessage().contains("without a path"), withPath.getMessage());
    }

    private static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(COMPLETE);
        env.putAll(overrides);
        return env;
    }
}
