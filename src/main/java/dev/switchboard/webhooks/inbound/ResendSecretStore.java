package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Tenants' Resend signing secrets. Every statement binds the tenant, except the routing lookup (SECURITY DEFINER). */
final class ResendSecretStore {

    /** One tenant's secret, as routing sees it. */
    record Candidate(UUID tenantId, String secret) {
    }

    static final String INSERT = "INSERT INTO resend_signing_secrets (tenant_id, id, secret) VALUES ($1, $2, $3) RETURNING created_at";
    static final String LIST = "SELECT id, created_at FROM resend_signing_secrets WHERE tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3";
    static final String DELETE = "DELETE FROM resend_signing_secrets WHERE tenant_id = $1 AND id = $2";
    static final String ALL = "SELECT tenant_id, secret FROM resend_signing_secrets_all()";

    private ResendSecretStore() {
    }

    /** Stores the secret; completes with the API view (never the secret). */
    static Future<JsonObject> insert(SqlConnection conn, UUID tenantId, UUID id, String secret) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, secret))
                .map(rows -> view(id, rows.iterator().next().getOffsetDateTime("created_at")));
    }

    static Future<List<JsonObject>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<JsonObject> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(view(row.getUUID("id"), row.getOffsetDateTime("created_at"))));
            return out;
        });
    }

    /** False when there was no such secret in the tenant. */
    static Future<Boolean> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).map(rows -> rows.rowCount() == 1);
    }

    /** Every active tenant's secrets, for routing an event to the tenants whose secret verifies it. */
    static Future<List<Candidate>> all(SqlConnection conn) {
        return conn.preparedQuery(ALL).execute().map(rows -> {
            List<Candidate> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(new Candidate(row.getUUID("tenant_id"), row.getString("secret"))));
            return out;
        });
    }

    private static JsonObject view(UUID id, java.time.OffsetDateTime createdAt) {
        return new JsonObject().put("id", id.toString()).put("createdAt", dev.switchboard.tenancy.Timestamps.format(createdAt));
    }
}
