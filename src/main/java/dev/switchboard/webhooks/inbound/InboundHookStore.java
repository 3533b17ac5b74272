package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Tenant inbound hooks. Every statement binds the tenant. */
final class InboundHookStore {

    static final String INSERT = "INSERT INTO inbound_webhooks (tenant_id, id, name, secret, enabled) VALUES ($1, $2, $3, $4, $5)";
    static final String FIND = "SELECT " + InboundHook.COLUMNS + " FROM inbound_webhooks WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + InboundHook.COLUMNS + " FROM inbound_webhooks WHERE tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3";
    static final String UPDATE = """
            UPDATE inbound_webhooks SET name = $3, enabled = $4, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $5""";
    static final String DELETE = "DELETE FROM inbound_webhooks WHERE tenant_id = $1 AND id = $2";
    /** The organization of a slug, for hooks addressed by URL; cross-tenant by design (SECURITY DEFINER). */
    static final String TENANT_BY_SLUG = "SELECT tenant_by_slug($1) AS tenant_id";

    private InboundHookStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, String name, String secret, boolean enabled) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, name, secret, enabled)).mapEmpty();
    }

    static Future<InboundHook> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : InboundHook.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<InboundHook>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<InboundHook> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(InboundHook.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** False when {@code expected} is stale. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, String name, boolean enabled, int expected) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, id, name, enabled, expected)).map(rows -> rows.rowCount() == 1);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** The active organization with {@code slug}, or null. */
    static Future<UUID> tenantBySlug(SqlConnection conn, String slug) {
        return conn.preparedQuery(TENANT_BY_SLUG).execute(Tuple.of(slug)).map(rows -> rows.iterator().next().getUUID("tenant_id"));
    }
}
