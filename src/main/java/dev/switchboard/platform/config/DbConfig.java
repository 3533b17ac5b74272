package dev.switchboard.platform.config;

import java.nio.file.Path;

/**
 * The database: an external PostgreSQL when {@code url} is set, otherwise an embedded one in {@code dataDir}.
 *
 * @param url          the external server, or null for the embedded one
 * @param appUser      optional dedicated login for request traffic; without it the configured user
 *                     connects with the unprivileged application role
 * @param appPassword  password of {@code appUser}
 */
public record DbConfig(
        DatabaseUrl url,
        Path dataDir,
        int poolSize,
        String appUser,
        String appPassword) {

    public boolean embedded() {
        return url == null;
    }
}
