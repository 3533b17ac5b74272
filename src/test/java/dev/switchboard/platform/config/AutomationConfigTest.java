package dev.switchboard.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings of the job queue, email sending and outbound webhooks: defaults, the fixed environment names, checks. */
class AutomationConfigTest {

    @Test
    void defaultsNeedNoConfiguration() {
        AppConfig config = ConfigLoader.load(Map.of(), Map.of());
        assertEquals(Duration.ofMinutes(5), config.jobs().visibilityTimeout());
        assertEquals(10, config.jobs().maxAttempts());
        assertEquals("https://api.resend.com", config.email().resendBaseUrl());
        assertNull(config.email().resendApiKey());
        assertFalse(config.email().configured());
        assertEquals(Duration.ofSeconds(10), config.webhooks().timeout());
    }

    @Test
    void readsTheResendSettingsFromTheirDocumentedNamesAndNeverPrintsTheKey() {
        AppConfig config = ConfigLoader.load(Map.of(), Map.of(
                "SWITCHBOARD_RESEND_BASE_URL", "https://resend-proxy.example.test:9999",
                "SWITCHBOARD_RESEND_API_KEY", "re_secret",
                "SWITCHBOARD_EMAIL_FROM", "Acme <hello@acme.test>",
                "SWITCHBOARD_JOBS_VISIBILITY_TIMEOUT", "30s",
                "SWITCHBOARD_WEBHOOKS_TIMEOUT", "2s"));
        assertEquals("https://resend-proxy.example.test:9999", config.email().resendBaseUrl());
        assertEquals("re_secret", config.email().resendApiKey());
        assertTrue(config.email().configured());
        assertFalse(config.email().toString().contains("re_secret"));
        assertEquals(Duration.ofSeconds(30), config.jobs().visibilityTimeout());
        assertEquals(Duration.ofSeconds(2), config.webhooks().timeout());
    }

    @Test
    void aWrongValueNamesItsVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_JOBS_MAX_ATTEMPTS", "0")));
        assertTrue(e.getMessage().contains("SWITCHBOARD_JOBS_MAX_ATTEMPTS"), e.getMessage());
    }
}
