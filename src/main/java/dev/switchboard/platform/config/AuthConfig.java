package dev.switchboard.platform.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Tokens and credentials.
 *
 * @param signingKeyFile   a PEM (PKCS#8) EC P-256 private key; null → a key generated on first start and kept in the database
 * @param passwordResetTtl how long a password reset link works
 * @param appUrl           the web app that links in account emails open; null → the emails carry the bare token
 */
public record AuthConfig(
        String issuer,
        String audience,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration inviteTtl,
        Path signingKeyFile,
        boolean secureCookies,
        Duration passwordResetTtl,
        String appUrl) {
}
