package dev.switchboard.platform.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Encryption of stored secrets: the current key ({@code secrets.key}, base64 of 32 bytes) and older keys still
 * accepted for reading ({@code secrets.previousKeys}) while rows are re-encrypted. Without a key, one is generated
 * once and kept in {@code keyFile} (the data directory): fine for development, not for production.
 */
public record SecretsConfig(String key, List<String> previousKeys, Path keyFile) {

    public SecretsConfig {
        previousKeys = List.copyOf(previousKeys);
    }

    @Override
    public String toString() {
        return "SecretsConfig[key=" + (key == null ? "generated in " + keyFile : "***") + ", previousKeys=" + previousKeys.size() + "]";
    }
}
