package dev.switchboard.auth;

import dev.switchboard.platform.db.Rows;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Organization API keys; only the hash of each key's secret is stored. */
final class ApiKeyStore {

    private static final String COLUMNS = "tenant_id, id, name, prefix, secret_hash, permissions, created_by, created_at, expires_at, "
            + "last_used_at, revoked_at, revoked_by";
    static final String INSERT = "INSERT INTO api_keys (tenant_id, id, name, prefix, secret_hash, permissions, created_by, expires_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS;
    static final String FIND = "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id < $2) "
            + "ORDER BY id DESC LIMIT $3";
    static final String REVOKE = "UPDATE api_keys SET revoked_at = now(), revoked_by = $3 WHERE tenant_id = $1 AND id = $2 "
            + "AND revoked_at IS NULL RETURNING " + COLUMNS;
    static final String TOUCH = "UPDATE api_keys SET last_used_at = $3 WHERE tenant_id = $1 AND id = $2 "
            + "AND (last_used_at IS NULL OR last_used_at < $3)";

    private ApiKeyStore() {
    }

    /** An API key as stored. */
    record ApiKey(UUID tenantId, UUID id, String name, String prefix, byte[] secretHash, Set<String> permissions, UUID createdBy,
                  OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt,
                  UUID revokedBy) {

        String status(OffsetDateTime now) {
            if (revokedAt != null) {
                return "revoked";
            }
            return expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
        }

        JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("name", name)
                    .put("prefix", prefix)
                    .put("permissions", new JsonArray(permissions.stream().sorted().toList()))
                    .put("status", status(OffsetDateTime.now()))
                    .put("createdBy", createdBy.toString())
                    .put("createdAt", Timestamps.format(createdAt))
                    .put("expiresAt", Timestamps.format(expiresAt))
                    .put("lastUsedAt", Timestamps.format(lastUsedAt))
                    .put("revokedAt", Timestamps.format(revokedAt));
        }

        JsonObject auditView() {
            return new JsonObject().put("name", name).put("prefix", prefix)
                    .put("permissions", new JsonArray(permissions.stream().sorted().toList()))
                    .put("expiresAt", Timestamps.format(expiresAt));
        }
    }

    static final Function<Row, ApiKey> FROM_ROW = r -> new ApiKey(r.getUUID("tenant_id"), r.getUUID("id"), r.getString("name"),
            r.getString("prefix"), r.getBuffer("secret_hash").getBytes(), Set.of(r.getArrayOfStrings("permissions")),
            r.getUUID("created_by"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"),
            r.getOffsetDateTime("last_used_at"), r.getOffsetDateTime("revoked_at"), r.getUUID("revoked_by"));

    static Future<ApiKey> insert(SqlConnection conn, UUID tenantId, UUID id, String name, String prefix, byte[] hash,
                                 Set<String> permissions, UUID createdBy, OffsetDateTime expiresAt) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, id, name, prefix, hash,
                        permissions.stream().sorted().toArray(String[]::new), createdBy, expiresAt}))
                .map(rows -> Rows.first(rows, FROM_ROW));
    }

    static Future<ApiKey> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, FROM_ROW));
    }

    static Future<List<ApiKey>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> Rows.all(rows, FROM_ROW));
    }

    static Future<ApiKey> revoke(SqlConnection conn, UUID tenantId, UUID id, UUID by) {
        return conn.preparedQuery(REVOKE).execute(Tuple.of(tenantId, id, by)).map(rows -> Rows.first(rows, FROM_ROW));
    }

    static Future<Void> touch(SqlConnection conn, UUID tenantId, UUID id, OffsetDateTime at) {
        return conn.preparedQuery(TOUCH).execute(Tuple.of(tenantId, id, at)).mapEmpty();
    }
}
