package dev.switchboard.platform.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Tokens and credentials.
 *
 * @param signingKeyFile a PEM (PKCS#8) EC P-256 private key; null → a key generated on first start and kept in the database
 */
public record AuthConfig(
        String issuer,
        String audience,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration inviteTtl,
        Path signingKeyFile,
        boolean secureCookies) {
}
