package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Password reset tokens: only their SHA-256 is stored, each spent by its first use. */
final class PasswordResetStore {

    static final String SUPERSEDE = "UPDATE password_resets SET used_at = now() WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL";
    static final String INSERT = """
            INSERT INTO password_resets (tenant_id, id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)""";
    static final String LOCK = """
            SELECT id, user_id, token_hash, expires_at, used_at FROM password_resets WHERE tenant_id = $1 AND id = $2 FOR UPDATE""";
    static final String USE = "UPDATE password_resets SET used_at = now() WHERE tenant_id = $1 AND id = $2";

    private PasswordResetStore() {
    }

    /** A stored reset. */
    record Reset(UUID id, UUID userId, byte[] hash, OffsetDateTime expiresAt, OffsetDateTime usedAt) {
    }

    /** Stores a new reset for the user, spending any earlier one still open. */
    static Future<Void> create(SqlConnection conn, UUID tenantId, UUID id, UUID userId, byte[] hash, OffsetDateTime expiresAt) {
        return conn.preparedQuery(SUPERSEDE).execute(Tuple.of(tenantId, userId))
                .compose(v -> conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, userId, hash, expiresAt))).mapEmpty();
    }

    static Future<Reset> lock(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(tenantId, id)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Reset(r.getUUID("id"), r.getUUID("user_id"), r.getBuffer("token_hash").getBytes(), r.getOffsetDateTime("expires_at"),
                    r.getOffsetDateTime("used_at"));
        });
    }

    static Future<Void> use(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(USE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }
}
