package dev.switchboard.platform.secrets;

import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.SecretsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the {@link SecretBox} from configuration, generating and keeping a key in the data directory when none is configured. */
public final class SecretKeys {

    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

    private SecretKeys() {
    }

    /** Blocking (may read or write the key file): call at startup, off the event loops. */
    public static SecretBox load(SecretsConfig config) {
        byte[] current = config.key() != null ? decode("SWITCHBOARD_SECRETS_KEY", config.key()) : fileKey(config.keyFile());
        List<byte[]> previous = new ArrayList<>();
        config.previousKeys().forEach(k -> previous.add(decode("SWITCHBOARD_SECRETS_PREVIOUS_KEYS", k)));
        SecretBox box = new SecretBox(current, previous);
        // Loads the cipher provider and seeds the random source here, not on an event loop at the first request.
        box.open(box.seal("warm-up"));
        return box;
    }

    /** How the operator names the current key in messages: the setting, or the generated file. */
    public static String setting(SecretsConfig config) {
        return config.key() != null ? "SWITCHBOARD_SECRETS_KEY" : "the secrets key generated in " + config.keyFile();
    }

    private static byte[] decode(String setting, String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            if (key.length == 32) {
                return key;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new ConfigException("invalid configuration: " + setting + " is not the base64 encoding of 32 bytes");
    }

    /** The key kept in {@code file}, created once; concurrent first starts agree on one key (a hard link never replaces). */
    private static byte[] fileKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "secrets", ".tmp");
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(temp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
                try {
                    Files.createLink(file, temp);
                    log.warn("no secrets.key configured: generated one in {} (set SWITCHBOARD_SECRETS_KEY in production)", file);
                } catch (FileAlreadyExistsException raced) {
                    // another server started first: use its key
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return decode(file.toString(), Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key file " + file, e);
        }
    }
}
