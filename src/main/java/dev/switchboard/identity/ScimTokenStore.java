package dev.switchboard.identity;

import dev.switchboard.platform.db.Rows;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** SCIM bearer tokens; only the hash of each token's secret is stored. */
final class ScimTokenStore {

    private static final String COLUMNS = "tenant_id, id, name, prefix, secret_hash, created_by, created_at, last_used_at, revoked_at";
    static final String INSERT = "INSERT INTO scim_tokens (tenant_id, id, name, prefix, secret_hash, created_by) "
            + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS;
    static final String FIND = "SELECT " + COLUMNS + " FROM scim_tokens WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + COLUMNS + " FROM scim_tokens WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id < $2) "
            + "ORDER BY id DESC LIMIT $3";
    static final String REVOKE = "UPDATE scim_tokens SET revoked_at = now(), revoked_by = $3 WHERE tenant_id = $1 AND id = $2 "
            + "AND revoked_at IS NULL RETURNING " + COLUMNS;
    static final String TOUCH = "UPDATE scim_tokens SET last_used_at = now() WHERE tenant_id = $1 AND id = $2 "
            + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')";

    private ScimTokenStore() {
    }

    /** A SCIM token as stored. */
    record ScimToken(UUID tenantId, UUID id, String name, String prefix, byte[] secretHash, UUID createdBy, OffsetDateTime createdAt,
                     OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {

        JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("name", name)
                    .put("prefix", prefix)
                    .put("status", revokedAt == null ? "active" : "revoked")
                    .put("createdBy", createdBy.toString())
                    .put("createdAt", Timestamps.format(createdAt))
                    .put("lastUsedAt", Timestamps.format(lastUsedAt))
                    .put("revokedAt", Timestamps.format(revokedAt));
        }

        JsonObject auditView() {
            return new JsonObject().put("name", name).put("prefix", prefix);
        }
    }

    static final Function<Row, ScimToken> FROM_ROW = r -> new ScimToken(r.getUUID("tenant_id"), r.getUUID("id"), r.getString("name"),
            r.getString("prefix"), r.getBuffer("secret_hash").getBytes(), r.getUUID("created_by"), r.getOffsetDateTime("created_at"),
            r.getOffsetDateTime("last_used_at"), r.getOffsetDateTime("revoked_at"));

    static Future<ScimToken> insert(SqlConnection conn, UUID tenantId, UUID id, String name, String prefix, byte[] hash, UUID createdBy) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, name, prefix, io.vertx.core.buffer.Buffer.buffer(hash), createdBy))
                .map(rows -> Rows.first(rows, FROM_ROW));
    }

    static Future<ScimToken> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, FROM_ROW));
    }

    static Future<List<ScimToken>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> Rows.all(rows, FROM_ROW));
    }

    /** The token as revoked; null when it was revoked already. */
    static Future<ScimToken> revoke(SqlConnection conn, UUID tenantId, UUID id, UUID by) {
        return conn.preparedQuery(REVOKE).execute(Tuple.of(tenantId, id, by)).map(rows -> Rows.first(rows, FROM_ROW));
    }

    static Future<Void> touch(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(TOUCH).execute(Tuple.of(tenantId, id)).mapEmpty();
    }
}
