package dev.switchboard.platform.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.SecretsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-GCM sealing of stored secrets: fresh nonces, tamper detection, key rotation and the generated development key. */
class SecretBoxTest {

    @Test
    void sealedValuesOpenToThePlaintextAndNeverRepeat() {
        SecretBox box = new SecretBox(key(), List.of());
        String a = box.seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String b = box.seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertNotEquals(a, b, "a random nonce per value");
        assertTrue(a.startsWith("v1:") && !a.contains("MfKQ9r8"));
        assertEquals("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", box.open(a));
        assertEquals(box.open(a), box.open(b));
    }

    @Test
    void aTamperedValueOrAnUnknownKeyIsRefused() {
        SecretBox box = new SecretBox(key(), List.of());
        String sealed = box.seal("secret");
        String[] parts = sealed.split(":", 3);
        byte[] raw = Base64.getDecoder().decode(parts[2]);
        raw[raw.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> box.open(parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(raw)));
        assertThrows(IllegalStateException.class, () -> new SecretBox(key(), List.of()).open(sealed));
        assertThrows(IllegalStateException.class, () -> box.open("plaintext"));
    }

    @Test
    void afterRotationOldValuesStillOpenAndNewOnesUseTheNewKey() {
        byte[] oldKey = key();
        SecretBox before = new SecretBox(oldKey, List.of());
        String old = before.seal("rotated");
        SecretBox after = new SecretBox(key(), List.of(oldKey));
        assertEquals("rotated", after.open(old));
        assertTrue(after.needsReseal(old));
        String fresh = after.seal("rotated");
        assertFalse(after.needsReseal(fresh));
        assertThrows(IllegalStateException.class, () -> before.open(fresh));
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceAndKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("secrets.key");
        SecretBox first = SecretKeys.load(new SecretsConfig(null, List.of(), file));
        String sealed = first.seal("kept");
        assertTrue(Files.exists(file));
        assertEquals("kept", SecretKeys.load(new SecretsConfig(null, List.of(), file)).open(sealed));
        assertThrows(ConfigException.class, () -> SecretKeys.load(new SecretsConfig("c2hvcnQ=", List.of(), file)));
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
