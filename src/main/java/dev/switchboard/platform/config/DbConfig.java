package dev.switchboard.platform.config;

import java.nio.file.Path;

/**
 * The database: an external PostgreSQL when {@code url} is set, otherwise an embedded one in {@code dataDir}.
 *
 * @param url          the external server, or null for the embedded one
 * @param poolSize     connections for request traffic
 * @param backgroundPoolSize connections for the background work (the event log's relay and consumers, the audit
 *                     chainer, the job worker, the workflow sweeper), so it never queues behind requests
 * @param appUser      optional dedicated login for request traffic; without it the configured user
 *                     connects with the unprivileged application role
 * @param appPassword  password of {@code appUser}
 */
public record DbConfig(
        DatabaseUrl url,
        Path dataDir,
        int poolSize,
        int backgroundPoolSize,
        String appUser,
        String appPassword) {

    public boolean embedded() {
        return url == null;
    }
}
